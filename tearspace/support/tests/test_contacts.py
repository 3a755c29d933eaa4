"""The contact-details check, generated both ways: every spelling of a number, an address or a
handle is held back, and ordinary sentences with "at", "dot" and a number or two pass."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tearspace.conversations.models import MAX_MESSAGE_LENGTH
from tearspace.support.contacts import has_contact_details, normalise

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ZERO_WORDS = ["zero", "oh", "o", "nought"]
SEPARATORS = ["", " ", "  ", ".", "-", ", ", " . ", "/", "_"]
OPENINGS = ["", "my number is ", "call me on ", "ok so ", "it's ", "here: "]
ENDINGS = ["", " ok?", " xx", " thanks", " anytime"]

EMAIL_AT = ["@", " @ ", "[at]", " [at] ", "(at)", " (at) ", " at ", " AT ", "{at}"]
EMAIL_DOT = [".", " dot ", "[dot]", " [dot] ", "(dot)", " DOT ", " . "]
PROVIDERS = ["gmail", "yahoo", "hotmail", "outlook", "icloud", "proton"]
TLDS = ["com", "net", "org", "co.uk", "me"]
SOCIAL = [
    "insta: {h}",
    "Insta {h}",
    "ig: {h}",
    "my ig is {h}",
    "find me on the gram, {h}",
    "add me on snap {h}",
    "follow me on tiktok",
    "I'm {h} on the gram",
    "dm me on discord",
    "hit me up on whatsapp",
    "my snapchat is {h}",
]


def _spaced(word: str) -> str:
    return " ".join(word)


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """7 to 12 digits, each written as a digit or a word, with any separators between."""
    digits = draw(st.lists(st.integers(0, 9), min_size=7, max_size=12))
    parts = []
    for digit in digits:
        words = ZERO_WORDS if digit == 0 else [WORDS[digit]]
        parts.append(draw(st.sampled_from([str(digit), *words, words[0].upper()])))
    text = parts[0]
    for part in parts[1:]:
        separator = draw(st.sampled_from(SEPARATORS))
        if separator in {"", ".", "-", "/", "_"} and not (part.isdigit() and text[-1].isdigit()):
            separator = " "  # words need a space to stay words
        text += separator + part
    return draw(st.sampled_from(OPENINGS)) + text + draw(st.sampled_from(ENDINGS))


@st.composite
def emails(draw: st.DrawFn) -> str:
    local = draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10))
    if draw(st.booleans()):
        local = _spaced(local)
    provider = draw(st.sampled_from(PROVIDERS))
    if draw(st.booleans()):
        provider = _spaced(provider)
    address = local + draw(st.sampled_from(EMAIL_AT)) + provider
    if draw(st.booleans()):
        dot = draw(st.sampled_from(EMAIL_DOT))
        address += dot + dot.join(draw(st.sampled_from(TLDS)).split("."))
    return draw(st.sampled_from(OPENINGS)) + address + draw(st.sampled_from(ENDINGS))


handles = st.builds(
    lambda pattern, handle: pattern.format(h=handle),
    st.sampled_from(SOCIAL),
    st.text("abcdefghijklmnopqrstuvwxyz_", min_size=3, max_size=12),
)

SUBJECTS = ["I", "I'm", "my mum", "we", "he", "she", "my friend", "it"]
PLACES = [
    "at home",
    "at work",
    "at my wit's end",
    "at the end of the day",
    "at school",
    "at night",
    "at a loss",
    "on the bus",
]
SMALL_NUMBERS = [
    "one",
    "two",
    "three",
    "seven",
    "twelve",
    "twenty one",
    "fifty",
    "2",
    "20",
    "3rd",
    "7",
    "365",
]
PHRASES = [
    "{n} or {n} days",
    "{n} months sober",
    "cried for {n} minutes",
    "slept {n} hours",
    "since {n} a.m.",
    "about {n} times",
    "the {n} of us",
    "a polka dot dress",
    "connect the dots",
    "oh well",
    "oh no",
    "we were {n}",
    "is at {n}",
    "it's been {n} weeks, maybe {n}",
]


@st.composite
def ordinary_sentences(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(SUBJECTS))]
    for _ in range(draw(st.integers(1, 3))):
        phrase = draw(st.sampled_from(PHRASES + PLACES))
        while "{n}" in phrase:
            phrase = phrase.replace("{n}", draw(st.sampled_from(SMALL_NUMBERS)), 1)
        parts.append(phrase)
    joiner = draw(st.sampled_from([" ", ", ", ". ", " and "]))
    return joiner.join(parts) + draw(st.sampled_from(["", ".", "!", "..."]))


GENERATED = settings(max_examples=300, deadline=None)


@GENERATED
@given(phone_numbers())
def test_it_holds_back_phone_numbers_however_they_are_written(text: str) -> None:
    assert has_contact_details(text), normalise(text)


@GENERATED
@given(emails())
def test_it_holds_back_email_addresses_however_they_are_spelled(text: str) -> None:
    assert has_contact_details(text), normalise(text)


@GENERATED
@given(handles)
def test_it_holds_back_social_handles_and_invitations(text: str) -> None:
    assert has_contact_details(text), normalise(text)


@GENERATED
@given(ordinary_sentences())
def test_it_lets_ordinary_sentences_through(text: str) -> None:
    assert not has_contact_details(text), normalise(text)


@pytest.mark.parametrize(
    "text",
    [
        "sad [at] gmail [dot] com",
        "sad at gmail dot com",
        "s a d @ g m a i l",
        "oh seven seven zero nine four five six one two three",
        "seven seven zero nine, one two three",
        "07 seven 70 nine 1 two 3",
        "0 7 7 0 9 1 2 3",
        "0.7.7.0.9.1.2.3",
        "0000 o o 0",
        "double seven, oh nine, one two three",
        "seventy seven oh nine twelve thirty four",
        "insta: sadgirl",
        "find me on the gram",
        # A second stranger's spellings: other scripts' letters and stops, defanged links, tags.
        "\uff53\uff41\uff44\uff50\uff45\uff52\uff53\uff4f\uff4e\uff20\uff47\uff4d\uff41\uff49\uff4c\uff0e\uff43\uff4f\uff4d",
        "example\u3002com/me",
        "hxxps://example[.]com/me",
        "example[.]com",
        "e x a m p l e . c o m",
        "discord sadgirl#2222",
        "I'm quietfern#0420 there",
    ],
)
def test_it_holds_back_the_spellings_a_stranger_got_through(text: str) -> None:
    assert has_contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "at home",
        "I'm at my wit's end",
        "one or two days",
        "I'm seven months sober",
        "it was 2 a.m. and I was alone",
        "went home. Me too",
        "twenty one days clean, one or two slips",
        "I cried . . . a lot",
        "wait . . . what",
        "it was room #1234 at the hospital",
        "\uff49 \uff41\uff4d \uff54\uff49\uff52\uff45\uff44",  # "i am tired", full width
    ],
)
def test_it_lets_the_sentences_people_write_through(text: str) -> None:
    assert not has_contact_details(text)


def test_it_normalises_to_the_plain_form() -> None:
    assert normalise("Sad [at] G M A I L dot com") == "sad@gmail.com"
    assert normalise("oh seven, double nine") == "0 7, 9 9"


# Apps named by everyday words: their name alone is ordinary ("a mixed signal", "my thoughts
# are in threads", "don't shoot the messenger"), used as a place to reach someone it is held.
EVERYDAY_APPS = ["signal", "threads", "messenger", "discord", "snap"]
MENTIONS = [
    "I read about {w} yesterday and thought of you",
    "the {w} thing made me cry",
    "{w} is everywhere these days",
    "I keep thinking about {w}",
    "she told me on {w} that she is leaving",
    "he broke up with me over {w}",
    "my mum and I talk on {w} every day",
    "I'm always on {w} with my sister",
    "I saw it on {w}, and it hurt",
    "there was so much {w}.",
]
CONTACT_USES = [
    "add me on {w}",
    "dm me on {w}",
    "text me on {w} instead",
    "message me over {w}",
    "hit me up on {w}",
    "hmu on {w}",
    "I'll message you on {w}",
    "are you on {w}?",
    "r u on {w}",
    "are you still on {w}?",
    "I'm on {w}",
    "I'm sadgirl on {w}",
    "sad_girl99 on {w}",
    "{w}: sad_girl99",
    "{w}: sadgirl",
    "{w} @sadgirl",
    "my {w} is @sadgirl",
    "my {w} handle is sadgirl",
    "my {w} is sam",
    "my {w} is sadgirl!",
    "my {w} number is 07700 900123",
    "{w} id sadgirl",
    "{w} me",
    "add my {w}",
    "join my {w}",
    "do you have {w}?",
    "do u use {w}",
    "let's talk on {w}",
    "can we move this to {w}?",
    "we could chat on {w} instead",
    "I\u2019m on {w}, find me",
]


@pytest.mark.parametrize("app", EVERYDAY_APPS)
@pytest.mark.parametrize("frame", MENTIONS)
def test_an_everyday_app_name_mentioned_passes(app: str, frame: str) -> None:
    text = frame.format(w=app)
    assert not has_contact_details(text), normalise(text)
    assert not has_contact_details(text.capitalize()), text


@pytest.mark.parametrize("app", EVERYDAY_APPS)
@pytest.mark.parametrize("frame", CONTACT_USES)
def test_an_everyday_app_name_used_to_reach_someone_is_held(app: str, frame: str) -> None:
    text = frame.format(w=app)
    assert has_contact_details(text), normalise(text)
    assert has_contact_details(text.upper()), text


@pytest.mark.parametrize(
    "text",
    [
        "I got a mixed signal from him",
        "it was a signal that I needed help",
        "she sent a clear signal: she was done",
        "there's no signal at my gran's house",
        "my signal is terrible out here",
        "my signal is weak",
        "my signal is gone.",
        "my messenger is broken",
        "she gave me a signal to leave",
        "my thoughts are in threads",
        "I'm hanging on by threads",
        "it tore me to threads",
        "the threads of my life feel loose",
        "I keep pulling at loose threads",
        "I read threads about grief all night",
        "don't shoot the messenger",
        "I was the messenger of bad news again",
        "I'm just the messenger between my parents",
        "there is so much discord in my family",
        "the discord at home wears me out",
        "I need to snap out of it",
        "I made a snap decision and regret it",
        "a cold snap came and I felt it in my bones",
        "let's not get lost in threads",
        "we could send a signal to her",
    ],
)
def test_sentences_with_everyday_app_words_pass(text: str) -> None:
    assert not has_contact_details(text), normalise(text)


@pytest.mark.parametrize(
    "text", ["whatsapp?", "are you on whatsapp", "telegram me", "my snapchat is sadgirl"]
)
def test_apps_named_by_no_everyday_word_are_still_held_by_name(text: str) -> None:
    assert has_contact_details(text)


@pytest.mark.parametrize("opening", ["", "text me ", "hi ", "dm me ", "it's ", "follow ", "ok so "])
@pytest.mark.parametrize("handle", ["@sadgirl", "@sad_girl99", "@sad.panda", "@SadGirl"])
def test_a_handle_after_any_word_is_held(opening: str, handle: str) -> None:
    text = opening + handle
    assert has_contact_details(text), normalise(text)
    assert has_contact_details(text + " thanks"), normalise(text)


@pytest.mark.parametrize("text", ["meet @ 5", "me @ 2am, crying", "it was @ work"])
def test_an_at_sign_standing_for_at_passes(text: str) -> None:
    assert not has_contact_details(text), normalise(text)


# Shapes that made a backtracking pattern try again from every character (quadratic).
LONG_SHAPES = ["a", "a.", "a@", "a ", "1 ", "a-", "a.b", "_1", "i'm ", "snap ", "a_ on ", "x at "]


def _fastest_check_ms(text: str) -> float:
    """The fastest of three runs of the check on `text`, in milliseconds."""
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        has_contact_details(text)
        runs.append((time.perf_counter() - started) * 1000)
    return min(runs)


@pytest.mark.parametrize("shape", LONG_SHAPES)
def test_the_check_reads_long_words_in_linear_time(shape: str) -> None:
    """Sixteen messages' worth of one shape (32,000 characters) is read in well under a second
    (10-100 ms on a loaded 2-core machine). A quadratic pattern took 0.2-0.4 s for one
    2,000-character message, so about a minute and a half for this."""
    text = shape * (16 * MAX_MESSAGE_LENGTH // len(shape))
    assert _fastest_check_ms(text) < 1000, f"{shape!r} read too slowly"
