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

HELD_BACK = (
    "We kept that message back: contact details, links and invitations to talk somewhere else "
    "stay out of listener chats, to keep you both safe. Everything else is welcome here."
)
# The same, said to a small group (more than two people are kept safe there).
HELD_BACK_IN_GROUP = (
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
_SPELLED_DOT = re.compile(r"\s*[\[({<]\s*(?:dot|d0t)\s*[\])}>]\s*|\s+(?:dot|d0t)\s+")
# Single letters or digits separated by spaces ("s a d", "0 7 7"): written apart on purpose.
_SPACED_OUT = re.compile(r"(?<![\w])(?:\w[ \t]+){2,}\w(?![\w])")
_AROUND_AT = re.compile(r"(?<=\w)\s*@\s*(?=\w)")
_AFTER_DOMAIN = re.compile(r"(@[\w-]+)\s*\.\s*(?=\w)")

_TLDS = r"(?:com|net|org|io|me|gg|ly|app|co|link|uk|us|de|fr|info|biz|xyz|ca|au|edu|gov)"
_MAIL_PROVIDERS = (
    r"(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|gmx|proton(?:mail)?|"
    r"yandex|zoho)"
)
_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # an email address
    re.compile(rf"[\w.+-]+@{_MAIL_PROVIDERS}"),  # one with its ending left off
    re.compile(rf"[\w.+-]+\s+at\s+{_MAIL_PROVIDERS}\b"),  # "sad at gmail"
    re.compile(r"(?:https?://|www\.)\S+"),  # a link
    re.compile(rf"\b[\w-]+\.{_TLDS}\b(?:/\S*)?"),  # a domain
    re.compile(r"(?:\+?\d[\s().,_/-]*){7,}"),  # a phone number: seven digits or more
    re.compile(r"(?<![\w@])@[a-z0-9_.]{3,}"),  # a social handle
    re.compile(
        r"\b(?:add|find|follow|message|text|call|dm|hit|ring|reach|contact)\s+me\s+"
        r"(?:up\s+)?(?:on|at|via|over)\b"
    ),
    re.compile(
        r"\b(?:snapchat|snap|insta|instagram|whatsapp|telegram|discord|kik|signal|tiktok|"
        r"facebook|messenger|wechat|skype|line id|twitter|reddit|tumblr|threads)\b"
    ),
    re.compile(r"\b(?:the|on|my)\s+(?:gram|ig|sc|fb|snap|dms?)\b"),  # "find me on the gram"
    re.compile(r"\b(?:ig|sc|fb|tg)\s*[:=-]"),  # "ig: sadgirl"
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
    spaces around "@", or around the "." after the domain of an address."""
    plain = _SPACED_OUT.sub(lambda found: re.sub(r"\s+", "", found.group()), text.lower())
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
