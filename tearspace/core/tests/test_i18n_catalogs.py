"""The message catalogs are complete, exact about placeholders, and in step with the code.

Every language in settings.LANGUAGES but English has a catalog per domain (Python and templates:
`django`; static/js: `djangojs`) in locale/<code>/LC_MESSAGES/. A catalog fails here on an
untranslated, fuzzy or obsolete message, on a translation that drops, adds or renames a
placeholder or an HTML tag, on a wrong header, and when `make messages` would change the set of
messages (a string marked in the code but not in the catalogs, or the other way round).
"""

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
DOMAINS = ["django", "djangojs"]
PLURAL_FORMS = {"es": 3, "fr": 3, "de": 2, "ja": 1}

# Python %-style (named or not), str.format and JavaScript interpolate() placeholders, HTML tags.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?[a-zA-Z][^>]*>")
# A plural's own number may be left out of a form that needs no number ("un seul jour").
COUNTS = {"%(count)s", "%(count)d", "%(counter)s", "%(num)s", "%(n)s", "%s", "%d"}


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def catalog_path(code: str, domain: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"{domain}.po"


def catalogs() -> list[tuple[str, str]]:
    return [(code, domain) for code in TRANSLATED for domain in DOMAINS]


def placeholder_faults(entry: polib.POEntry) -> list[str]:
    """What `entry`'s translation does wrong with placeholders and tags (empty when nothing)."""
    if not entry.msgid_plural:
        return [] if placeholders(entry.msgstr) == placeholders(entry.msgid) else [entry.msgstr]
    wanted = set(placeholders(entry.msgid_plural)) | set(placeholders(entry.msgid))
    faults = []
    for form in entry.msgstr_plural.values():
        found = set(placeholders(form))
        if found - wanted or (wanted - COUNTS) - found:
            faults.append(form)
    return faults


def test_the_checks_catch_each_fault_kind():
    dropped = polib.POEntry(msgid="Hi %(name)s", msgstr="Hola")
    renamed = polib.POEntry(msgid="Hi %(name)s", msgstr="Hola %(nombre)s")
    tag = polib.POEntry(msgid="<strong>Now</strong>", msgstr="Ahora")
    plural = polib.POEntry(
        msgid="%(count)s day with %(who)s",
        msgid_plural="%(count)s days with %(who)s",
        msgstr_plural={0: "%(count)s día", 1: "%(count)s días con %(who)s"},
    )
    right = polib.POEntry(
        msgid="%(count)s day", msgid_plural="%(count)s days", msgstr_plural={0: "un día"}
    )
    assert [bool(placeholder_faults(e)) for e in (dropped, renamed, tag, plural, right)] == [
        True,
        True,
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(("code", "domain"), catalogs())
def test_every_message_is_translated_not_fuzzy_not_obsolete(code, domain):
    path = catalog_path(code, domain)
    assert path.exists(), f"{path} is missing: run `make messages` and translate it"
    catalog = polib.pofile(str(path))
    assert catalog.metadata.get("Language") == code
    assert catalog.metadata.get("Plural-Forms", "").startswith(f"nplurals={PLURAL_FORMS[code]};")
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []
    assert [e.msgid for e in catalog.obsolete_entries()] == []
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == PLURAL_FORMS[code], entry.msgid


@pytest.mark.parametrize(("code", "domain"), catalogs())
def test_translations_keep_every_placeholder_and_tag(code, domain):
    catalog = polib.pofile(str(catalog_path(code, domain)))
    entries = catalog.translated_entries()
    faults = {e.msgid: placeholder_faults(e) for e in entries if placeholder_faults(e)}
    assert faults == {}


@pytest.mark.parametrize(("code", "domain"), catalogs())
def test_compiled_catalogs_are_current(code, domain):
    """`make setup` compiles each .po; a .mo older than its .po would serve old words."""
    po = catalog_path(code, domain)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"run `make setup` ({mo})"
    assert mo.stat().st_mtime >= po.stat().st_mtime, f"run `make setup` ({mo})"


def test_the_catalogs_hold_exactly_the_strings_marked_in_the_code(tmp_path):
    """Run `make messages`' extraction on a copy of the code and compare the sets of messages."""
    for part in ("config", "tearspace", "templates", "static", "locale"):
        shutil.copytree(
            ROOT / part,
            tmp_path / part,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo", "vendor", "artefacts"),
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    ignores = ["--ignore=*/tests/*", "--no-obsolete", "--add-location", "file"]
    for domain in DOMAINS:
        subprocess.run(  # noqa: S603 (our own interpreter and manage.py, fixed arguments)
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-d",
                domain,
                "-l",
                TRANSLATED[0],
                *ignores,
            ],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
        fresh = polib.pofile(
            str(tmp_path / "locale" / TRANSLATED[0] / "LC_MESSAGES" / f"{domain}.po")
        )
        for code in TRANSLATED:
            shipped = polib.pofile(str(catalog_path(code, domain)))
            marked = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
            held = {(e.msgctxt, e.msgid) for e in shipped if not e.obsolete}
            assert (sorted(marked - held), sorted(held - marked)) == ([], []), (
                f"{code}/{domain}: run `make messages` and translate the new strings"
            )
