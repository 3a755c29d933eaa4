"""Marks the words people read for translation, without Django (tearspace.ml never imports it).

`gettext_noop` is one of the names `makemessages` collects, so the English words reach the
catalogs; here it returns them unchanged. Whoever shows them to a person translates them then
(tearspace.safety.panels, with gettext), in that person's language.
"""


def gettext_noop(message: str) -> str:
    """Return `message` unchanged; it is collected for translation and translated when shown."""
    return message
