"""Contact details and invitations to move elsewhere, spotted in listener chats.

Pulling someone off the platform is how predators work on open peer-support services, so in a
listener chat these are held back (never sent) with a warm explanation, and counted for
moderators. Pure functions: no Django.

People who want to get round a filter spell things out ("sad at gmail dot com", "s a d @ g m a
i l", "oh seven seven zero nine..."), so the text is first normalised to the plain form
(`normalise`) and only then matched; the patterns are written so that ordinary sentences with
"at", "dot" or a number or two ("I'm at my wit's end", "one or two days") still pass.
"""

import re
import unicodedata

from django.utils.translation import gettext_lazy

HELD_BACK = gettext_lazy(
    "We kept that message back: contact details, links and invitations to talk somewhere else "
    "stay out of listener chats, to keep you both safe. Everything else is welcome here."
)
# The same, said to a small group (more than two people are kept safe there).
HELD_BACK_IN_GROUP = gettext_lazy(
    "We kept that message back: contact details, links and invitations to talk somewhere else "
    "stay out of small groups, to keep everyone safe. Everything else is welcome here."
)

_DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "nought": "0",
    "nil": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_TENS_WORDS = {
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
_REPEATS = {"double": 2, "triple": 3}
_WORD = re.compile(r"[a-z]+")
# "[at]", "(at)", "{dot}", " dot ", " d0t ": the spelled-out symbols of an address.
_SPELLED_AT = re.compile(r"\s*[\[({<]\s*at\s*[\])}>]\s*|\s*\(a\)\s*")
_SPELLED_DOT = re.compile(r"\s*[\[({<]\s*(?:dot|d0t|\.)\s*[\])}>]\s*|\s+(?:dot|d0t)\s+")
# Full stops of other scripts that NFKC leaves as they are ("example。com").
_OTHER_STOPS = str.maketrans({"\u3002": ".", "\uff61": ".", "\u2024": ".", "\ufe52": "."})
# Single letters, digits or full stops separated by spaces ("s a d", "0 7 7", "e g . c o m"):
# written apart on purpose.
_SPACED_OUT = re.compile(r"(?<![\w.])(?:[\w.][ \t]+){2,}[\w.](?![\w.])")
# Spaces around an "@" written apart ("sad @ gmail", "sad@ gmail") go; "text me @sadgirl" keeps
# its space, so the handle stays a handle (joined, "me@sadgirl" passed as neither).
_AROUND_AT = re.compile(r"(?<=\w)(?:\s+@\s+|@\s+)(?=\w)")
_AFTER_DOMAIN = re.compile(r"(@[\w-]+)\s*\.\s*(?=\w)")

_TLDS = r"(?:com|net|org|io|me|gg|ly|app|co|link|uk|us|de|fr|info|biz|xyz|ca|au|edu|gov)"
_MAIL_PROVIDERS = (
    r"(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|gmx|proton(?:mail)?|"
    r"yandex|zoho)"
)
# Apps named by everyday words: the name alone is ordinary ("a mixed signal", "my thoughts are
# in threads", "don't shoot the messenger", "discord at home", "snap out of it"), so it is held
# only when used as a place to reach someone: with a handle, a number or an account word next to
# it, after "add me on" / "are you on" / "let's talk on", or as a verb ("signal me").
_EVERYDAY_APPS = r"(?:signal|threads|messenger|discord|snap)"
_APP = rf"(?:the\s+)?{_EVERYDAY_APPS}\b"
_TO = r"(?:on|over|via|at|in|through)"
_REACH = (
    r"(?:add|find|follow|message|msg|text|call|dm|hit|ring|reach|contact|ping|write|catch|join|"
    r"friend|meet|see|chat\s+with|talk\s+to|speak\s+to)"
)
# Words that make "I'm … on signal" a habit told, not an address given ("I'm always on …").
_HABIT = r"(?:\w+ing|\w+ly|always|never|not|still|also|just|often|even|all|so|too)\b"
_STATE = (
    r"(?:weak|bad|terrible|awful|gone|dead|poor|low|good|fine|ok|okay|rubbish|patchy|down|off|"
    r"on|back|better|worse|strong|lost|broken|private|public|here|there|everywhere|nothing|"
    r"everything|clear|mixed|full|empty|quiet|loud|blank|frozen|slow|deleted)"
)
# A name with a digit or underscore in it; possessive, so a long word is read once, not over
# and over (a 2,000-character word took 90 ms).
_HANDLE = r"(?<![\w@.])(?=[a-z])(?=[\w.]*[\d_])[\w.]++"
_EVERYDAY_APP_USES = [
    re.compile(rf"\b{_REACH}\s+(?:me|us|you|u|ya)\s+(?:up\s+)?{_TO}\s+{_APP}"),
    re.compile(rf"\bhmu\s+{_TO}\s+{_APP}"),
    re.compile(rf"\b(?:are\s+(?:you|u)|r\s+u)\s+(?:\w+\s+)?on\s+{_APP}"),
    re.compile(rf"\b(?:i'?m|i\s+am|you'?re|we'?re)\s+(?:(?!{_HABIT})[\w.]+\s+)?on\s+{_APP}"),
    re.compile(rf"{_HANDLE}\s+{_TO}\s+{_APP}"),
    re.compile(
        rf"\b{_EVERYDAY_APPS}\s*(?:id|name|handle|user\s*name|user|tag|account|acc|number|"
        r"server|code|link|invite)\b"
    ),
    re.compile(rf"\b{_EVERYDAY_APPS}\s*[:=#-]\s*@?(?=[\w.#]*[\d_#])[a-z][\w.#]{{2,}}"),
    # The whole message (or its end) is the name and one word: "snap: sadgirl", "my discord is
    # sam"; not a word that says how it is ("my signal is weak").
    re.compile(rf"^\W*{_EVERYDAY_APPS}\s*[:=-]\s*@?[\w.#]+\W*$"),
    re.compile(rf"\bmy\s+{_EVERYDAY_APPS}\s+(?:is|=|:)\s+(?!{_STATE}\W*$)@?[\w.#]+\W*$"),
    re.compile(rf"\b{_EVERYDAY_APPS}\s+(?:me|us)\b"),  # "signal me"
    re.compile(rf"\b(?:add|follow|join|friend|dm|message|text)\s+(?:me\s+)?(?:on\s+)?my\s+{_APP}"),
    re.compile(rf"\b(?:do|d|have|got)\s*(?:you|u|ya)\s+(?:have|got|use|on)\s+(?:a\s+)?{_APP}"),
    re.compile(
        rf"\b(?:let'?s|lets|let\s+us|can\s+we|could\s+we|shall\s+we|should\s+we|we\s+can|"
        rf"we\s+could|wanna|want\s+to)\s+(?!not\b|never\b)(?:\w+\s+){{0,3}}?"
        rf"(?:on|over|via|to|in|onto|through)\s+{_APP}"
    ),
]
# The name before an address's "@" (or " at "), read from its first character only and never
# given back: without the look-behind and the possessive "++", a search tried again from every
# character of a long word (2,000 characters took 0.2 to 0.4 s a pattern: quadratic).
_MAILBOX = r"(?<![\w.+-])[\w.+-]++"
_PATTERNS = [
    re.compile(rf"{_MAILBOX}@[\w-]+\.[\w.-]+"),  # an email address
    re.compile(rf"{_MAILBOX}@{_MAIL_PROVIDERS}"),  # one with its ending left off
    re.compile(rf"{_MAILBOX}\s+at\s+{_MAIL_PROVIDERS}\b"),  # "sad at gmail"
    re.compile(r"(?:h[tx]{2}ps?://|www\.)\S+"),  # a link ("hxxps://" too)
    re.compile(rf"(?<![\w-])[\w-]++\.{_TLDS}\b(?:/\S*)?"),  # a domain
    re.compile(r"(?:\+?\d[\s().,_/-]*){7,}"),  # a phone number: seven digits or more
    re.compile(r"(?<![\w@])@[a-z0-9_.]{3,}"),  # a social handle
    re.compile(r"(?<![\w#])[a-z][\w.]{1,31}#\d{4}\b"),  # a Discord tag ("sadgirl#2222")
    re.compile(
        r"\b(?:add|find|follow|message|text|call|dm|hit|ring|reach|contact)\s+me\s+"
        r"(?:up\s+)?(?:on|at|via|over)\b"
    ),
    re.compile(
        r"\b(?:snapchat|insta|instagram|whatsapp|telegram|kik|tiktok|"
        r"facebook|wechat|skype|line id|twitter|reddit|tumblr)\b"
    ),
    re.compile(r"\b(?:the|on|my)\s+(?:gram|ig|sc|fb|dms?)\b"),  # "find me on the gram"
    re.compile(r"\b(?:ig|sc|fb|tg)\s*[:=-]"),  # "ig: sadgirl"
    *_EVERYDAY_APP_USES,
]


def _digits_from_words(text: str) -> str:
    """Replace number words with digits ("oh seven" -> "0 7", "seventy seven" -> "77",
    "double seven" -> "7 7"); other words are left as they are."""
    between = _WORD.split(text)  # what surrounds the words: between[i + 1] follows words[i]
    words = _WORD.findall(text)
    out: list[str] = [between[0]]
    repeat = 1
    for index, word in enumerate(words):
        tail = between[index + 1]
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in _REPEATS and following in _DIGIT_WORDS and not tail.strip():
            repeat = _REPEATS[word]  # its gap goes too: "double nine" reads "9 9"
            continue
        if word in _DIGIT_WORDS:
            out.append(" ".join([_DIGIT_WORDS[word]] * repeat) + tail)
        elif word.strip("o") == "":
            out.append("0" * len(word) + tail)  # "o o" written apart, joined to "oo"
        elif word in _TENS_WORDS:
            tens = _TENS_WORDS[word]
            if len(tens) == 1 and not (following in _DIGIT_WORDS and not tail.strip()):
                tens += "0"  # "twenty" alone; "twenty one" joins with the next word
            out.append(tens + ("" if len(tens) == 1 else tail))
        else:
            out.append(word + tail)
        repeat = 1
    return "".join(out)


def normalise(text: str) -> str:
    """The plain form of `text` that contact details are matched in: lower case, letters
    written apart joined together, number words as digits, "[at]"/"(dot)"/" dot " as symbols, no
    spaces around "@", or around the "." after the domain of an address, plain apostrophes."""
    # Full-width and other compatibility letters read as the plain ones (NFKC); a typographic
    # apostrophe ("I\u2019m") reads as the plain one.
    lowered = unicodedata.normalize("NFKC", text).translate(_OTHER_STOPS).lower()
    lowered = lowered.replace("\u2019", "'")
    plain = _SPACED_OUT.sub(lambda found: re.sub(r"\s+", "", found.group()), lowered)
    plain = _digits_from_words(plain)
    plain = _SPELLED_AT.sub("@", plain)
    plain = _SPELLED_DOT.sub(".", plain)
    plain = _AROUND_AT.sub("@", plain)
    return _AFTER_DOMAIN.sub(r"\1.", plain)


def has_contact_details(text: str) -> bool:
    """Whether `text` holds a phone number, an email, a link, a handle or an "add me on",
    written plainly or spelled out."""
    plain = normalise(text)
    return any(pattern.search(plain) for pattern in _PATTERNS)
