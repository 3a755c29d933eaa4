"""The reply check per kind: unkind tones get a pause (or a hold), kind replies pass.

Lists are written for these tests (not taken from the training corpus); each kind stands for
many phrasings, and the issue's own examples are included with their verdicts.
"""

from __future__ import annotations

import pytest

from tearspace.ml import assess_reply, assess_reply_many
from tearspace.ml import reply_patterns as rp
from tearspace.ml.linear import load_linear
from tearspace.ml.reply import CUE_CHARS, CUE_FEATURES, inputs_fingerprint, tone_cues
from tearspace.ml.tests.fixture_data import read_replies
from tearspace.ml.text import normalise

UNKIND = {
    "sarcasm": [
        "oh great, another sob story. how original.",
        "Wow, tears over a parking ticket. Truly the saddest story ever told.",
        "oh fantastic, another crying post. just what my feed needed",
        "sure, crying will definitely bring your ex back",
    ],
    "condescension": [
        "maybe if you tried harder you wouldn't be so sad",
        "Sweetie, adults don't cry over emails. You'll learn.",
        "maybe if you stopped feeling sorry for yourself you'd get somewhere",
        "you'll understand how silly this is when you're older",
    ],
    "dismissal": [
        "calm down, it's not a tragedy",
        "relax, it's just a test, not that deep",
        "ok and? why post this",
        "stop making such a fuss, it's not a big deal",
    ],
    "minimising": [
        "it's only a hamster, get another one",
        "at least you still have a job, could be worse",
        "It's just one bad grade, stop acting like your life is over.",
    ],
    "generalisation": [
        "people like you always cry for attention",
        "your generation cries about literally everything",
        "typical, girls always make everything about feelings",
    ],
    "others_worse": [
        "people are starving and you're crying about a phone",
        "some people have real problems, you know",
        "others have it way worse, be grateful",
    ],
}
HOLD = [
    "kys",
    "go kill yourself",
    "why don't you just kill yourself?",
    "if you're that sad just end it",
    "you're a worthless piece of shit",
    "I know where you live",
    "nobody would miss you",
    "I'll give you something to cry about",
    "keep crying and I'll make sure you regret it",
    "you'll regret posting this. watch your back",
]
KIND = {
    "strong_words": [
        "that's fucking awful, I'm so sorry",
        "your boss sounds like a complete jerk for saying that to you",
        "holy shit, that's so much to carry. cry as much as you need",
    ],
    "quotes": [
        "people who say 'just get over it' are wrong",
        'Whoever told you "boys don\'t cry" was wrong. Let it out.',
        "ignore anyone who tells you to man up",
        "'Calm down, it's not a tragedy' is the worst thing someone can say to you.",
    ],
    "denials": [
        "you're not overreacting",
        "you are not being dramatic, this is a lot",
        "crying isn't a sign of weakness",
        "it's not stupid to cry over a film",
    ],
    "safety_questions": [
        "are you safe right now? did you cut yourself?",
        "Is there a crisis centre near where you live?",
        "are you thinking about hurting yourself tonight?",
        "do you have someone who can stay with you? are you safe?",
        "did you hurt yourself? you can tell me",
    ],
    "therapist_answers": [
        "It sounds like you have been holding a lot in. Crying can be a release, and it may "
        "help to talk this through with a counsellor who can support you over time.",
        "Many people feel embarrassed after crying at work. It is a very human response to "
        "stress, and it does not mean you are failing.",
        "If you ever feel like you might hurt yourself, please call a crisis line or go to "
        "your nearest emergency department.",
        "Cut yourself some slack. Grief takes the time it takes.",
    ],
}


def cases(groups: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(kind, text) for kind, texts in groups.items() for text in texts]


@pytest.mark.parametrize(("kind", "text"), cases(UNKIND))
def test_an_unkind_tone_gets_a_pause(kind: str, text: str) -> None:
    result = assess_reply(text)
    assert result.verdict in {"nudge", "hold"}, (kind, result)


@pytest.mark.parametrize(("kind", "text"), cases(UNKIND))
def test_the_model_alone_never_holds_an_unkind_tone(kind: str, text: str) -> None:
    # Judgemental is not abusive: a pause, not a moderator.
    assert assess_reply(text).verdict == "nudge", kind


@pytest.mark.parametrize("text", HOLD)
def test_abuse_threats_and_self_harm_encouragement_are_held(text: str) -> None:
    assert assess_reply(text).verdict == "hold"


@pytest.mark.parametrize(("kind", "text"), cases(KIND))
def test_a_kind_reply_passes(kind: str, text: str) -> None:
    result = assess_reply(text)
    assert result.verdict == "ok", (kind, result)


@pytest.mark.parametrize(
    "text",
    [
        "did you cut yourself?",
        "are you going to hurt yourself?",
        "is there a clinic near where you live?",
        "has anyone told you you're worthless?",
        "are you an idiot?",
    ],
)
def test_a_question_is_never_held_on_a_phrase_alone(text: str) -> None:
    assert assess_reply(text).verdict != "hold"


@pytest.mark.parametrize(
    "text",
    [
        "people who say 'go kill yourself' online should be banned",
        'my brother called me a "worthless idiot" and I cried',
        "don't listen to anyone who says nobody cares",
    ],
)
def test_a_quote_is_never_held_on_a_phrase_alone(text: str) -> None:
    assert assess_reply(text).verdict != "hold"


def test_an_insult_mentioned_in_a_long_answer_is_not_held_on_the_word_alone() -> None:
    answer = (
        "Verbal abuse can be hard to name. It often sounds like a joke. Some partners say "
        "things like: stop acting like a whore. That is not okay, and it is not your fault. "
        "A counsellor can help you plan what to do next."
    )
    assert assess_reply(answer).verdict != "hold"
    assert assess_reply("stop acting like a whore.").verdict == "hold"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("oh great, how original", "mock_exclaim"),
        ("how original.", "how_adjective"),
        ("maybe if you tried harder", "maybe_if_you"),
        ("just get over it", "just_do"),
        ("your 'feelings' again", "scare_quotes"),
        ("who even cares?", "rhetorical"),
        ("you're not overreacting", "denial"),
        ("are you safe right now?", "safety_question"),
    ],
)
def test_tone_cues_see_their_signal(text: str, cue: str) -> None:
    values = dict(zip(CUE_FEATURES, tone_cues(text), strict=True))
    assert values[cue] > 0
    assert all(0.0 <= v <= 1.0 for v in values.values())


def test_a_cue_weighs_less_in_one_sentence_of_a_long_answer() -> None:
    one = dict(zip(CUE_FEATURES, tone_cues("maybe if you tried."), strict=True))
    long = "maybe if you tried. " + "It is a hard week. " * 15
    many = dict(zip(CUE_FEATURES, tone_cues(long), strict=True))
    assert 0 < many["maybe_if_you"] < one["maybe_if_you"]


def test_the_tone_model_was_trained_on_the_shipped_inputs() -> None:
    # If features, profanity, Davidson or emotion artefacts are retrained, retrain the tone
    # model too (tools/ml/train_reply.py): its weights are tied to their outputs.
    assert load_linear("reply").meta["inputs_sha256"] == inputs_fingerprint()


def test_anchors_never_change_the_cues() -> None:
    # The anchor words only skip work: every cue that matches a text has an anchor in it.
    texts = [t for t, _, _ in read_replies()] + [t for g in (UNKIND, KIND) for _, t in cases(g)]
    texts += [*HOLD, "\U0001f644", "lmaooo", "so?!", "waaah", "/s"]
    for text in texts:
        head = normalise(text)[:CUE_CHARS]
        words = set(rp.CUE_TOKEN.findall(head))
        for name, pattern in rp.TONE_CUES:
            if pattern.search(head) and name in rp.CUE_ANCHORS:
                assert not rp.CUE_ANCHORS[name].isdisjoint(words), (name, text)
    assert dict(zip(CUE_FEATURES, tone_cues("\U0001f644"), strict=True))["eye_roll"] == 1.0


HARM_WORDS = ["hurt yourself", "cut yourself", "kill yourself", "end your life", "harm yourself"]
QUESTION_STEMS = [
    "are you going to {}?",
    "did you {} tonight?",
    "do you feel like you might {}?",
    "Have you thought about ways to {}? I'm asking because I care.",
    "hey, are you safe? do you want to {}?",
]
UNKIND_PHRASES = [
    "just get over it",
    "stop being so dramatic",
    "you're a worthless idiot",
    "go kill yourself",
    "nobody cares",
    "man up",
]
QUOTE_FRAMES = [
    "people who say '{}' are wrong.",
    'whoever told you "{}" was cruel.',
    "ignore anyone who says {}.",
    "I hate it when people say '{}'. you didn't deserve that.",
]


@pytest.mark.parametrize("stem", QUESTION_STEMS)
@pytest.mark.parametrize("harm", HARM_WORDS)
def test_every_safety_question_is_never_held(stem: str, harm: str) -> None:
    assert assess_reply(stem.format(harm)).verdict != "hold"


@pytest.mark.parametrize("frame", QUOTE_FRAMES)
@pytest.mark.parametrize("phrase", UNKIND_PHRASES)
def test_every_quoted_unkind_phrase_is_never_held(frame: str, phrase: str) -> None:
    assert assess_reply(frame.format(phrase)).verdict != "hold"


@pytest.mark.parametrize("phrase", UNKIND_PHRASES)
def test_the_same_phrases_said_outright_are_not_ok(phrase: str) -> None:
    # The frames above, not the words, make those replies pass.
    assert assess_reply(phrase).verdict != "ok"


def test_a_batch_with_quotations_matches_one_at_a_time() -> None:
    texts = [t for _, t in cases(KIND)] + [t for _, t in cases(UNKIND)] + HOLD
    assert assess_reply_many(texts) == [assess_reply(t) for t in texts]
