"""The crisis grammar, kind by kind: what each kind must raise, and what must never be urgent."""

from __future__ import annotations

import time

import pytest

from tearspace.ml import assess_crisis
from tearspace.ml.crisis_patterns import KINDS, LEVEL_ORDER
from tearspace.ml.language import detect_language

METHOD_WORDS = ("pill", "rope", "bridge", "gun", "knife", "blade", "hang", "overdose", "train")

# (text, the level it must reach at least); every one of these must show help.
BY_KIND: dict[str, list[tuple[str, str]]] = {
    "method_verb_forms": [
        ("I'm hanging myself this weekend", "urgent"),
        ("I want to hang myself", "urgent"),
        ("i'm gonna shoot myself", "urgent"),
        ("thinking about drowning myself", "urgent"),
        ("I keep thinking of jumping off the bridge", "urgent"),
        ("planning to overdose", "urgent"),
        ("ima od tonight", "urgent"),
    ],
    "method_question": [
        ("What's the most painless way to go?", "concern"),
        ("whats the quickest way to die", "concern"),
        ("how many pills would it take to not wake up", "concern"),
        ("what is a lethal dose of my meds", "concern"),
        ("what's the easiest way to end it tonight?", "urgent"),
    ],
    "coded_farewell": [
        ("tonight's the night. goodbye", "urgent"),
        ("goodbye everyone, I'm sorry for everything", "urgent"),
        ("this is my last post", "urgent"),
        ("goodbye forever. i love you all", "urgent"),
        ("it was nice knowing you all", "urgent"),
        ("this is my last post. I failed my exams and I can't go on", "urgent"),
    ],
    "future_absence": [
        ("I won't be here much longer", "urgent"),
        ("by the time you read this I'll be gone", "urgent"),
        ("you won't hear from me again", "urgent"),
        ("I won't be here tomorrow. nobody will visit my grave anyway", "urgent"),
    ],
    "not_safe_now": [
        ("I'm not safe right now", "urgent"),
        ("i can't keep myself safe tonight", "urgent"),
        ("I don't trust myself tonight", "urgent"),
        ("I don't feel safe with myself", "urgent"),
    ],
    "means_at_hand": [
        ("I have the pills in my hand", "urgent"),
        ("the gun is in my hand", "urgent"),
        ("I took 30 pills an hour ago", "urgent"),
        ("I took thirty pills", "urgent"),
        ("I cut myself and it won't stop bleeding", "urgent"),
        ("I want to die and I have the pills right here", "urgent"),
        ("holding the knife, i cant do this", "concern"),
        ("i want to die 🔪", "urgent"),
    ],
    "slang_typos": [
        ("thinkin bout endin it all", "concern"),
        ("i wanna kms", "concern"),
        ("wanna d1e", "concern"),
        ("thinking of unaliving myself", "concern"),
        ("kil myself tonite", "urgent"),
    ],
    "intent_with_time": [
        ("I'm going to kill myself tonight", "urgent"),
        ("I've decided to end my life", "urgent"),
        ("going to end it all this weekend", "urgent"),
        ("I'm going to do it tonight, I have the pills", "urgent"),
    ],
    "plan": [
        ("I wrote my suicide note", "urgent"),
        ("I've been giving my things away", "urgent"),
        ("I've been stockpiling my pills", "urgent"),
    ],
    "wish_and_thoughts": [
        ("I wish I was dead", "concern"),
        ("I don't want to wake up tomorrow", "concern"),
        ("I keep thinking about suicide", "concern"),
        ("everyone would be better off without me", "concern"),
    ],
    "behaviour_and_self_harm": [
        ("I tried to kill myself last year", "concern"),
        ("I cut myself again last night", "concern"),
        ("the urge to self harm is back", "concern"),
    ],
    "someone_else": [
        ("my friend says she wants to kill herself", "concern"),
        ('she told me "I want to die"', "concern"),
        ("my dad tried to drown me", "concern"),
    ],
    "other_languages": [
        ("quiero morirme", "concern"),
        ("ya no quiero vivir", "concern"),
        ("je veux mourir", "concern"),
        ("j'ai envie de mourir", "concern"),
        ("ich will sterben", "concern"),
        ("ich will nicht mehr leben", "concern"),
        ("死にたい", "concern"),
        ("もう消えたい", "concern"),
        ("quero morrer", "concern"),
        ("voglio morire", "concern"),
        ("я хочу умереть", "concern"),
        ("voy a suicidarme esta noche", "urgent"),
        ("esta noche me voy a matar", "urgent"),
        ("ce soir je vais mettre fin à mes jours", "urgent"),
        ("heute Nacht bringe ich mich um", "urgent"),
        ("je vais me tuer", "concern"),
        ("ojalá no despertara mañana", "concern"),
        ("a veces deseo estar muerta", "concern"),
        ("no le veo sentido a seguir viviendo", "concern"),
        ("me volví a cortar anoche", "concern"),
        ("ya lo tengo todo decidido, mañana me quito la vida", "urgent"),
        ("no me fío de mí esta noche, tengo miedo de lo que haga", "urgent"),
        ("j'aimerais ne pas me réveiller demain", "concern"),
        ("j'ai envie d'en finir avec la vie", "concern"),
        ("je me suis encore scarifiée hier soir", "concern"),
        ("ich denke jeden Tag daran, mich umzubringen", "concern"),
        ("ich habe letztes Jahr versucht, mir das Leben zu nehmen", "concern"),
        ("ich habe mich gestern wieder geritzt", "concern"),
        ("alle wären besser dran ohne mich", "concern"),
        ("heute Nacht mache ich Schluss, ich habe alles vorbereitet", "urgent"),
        ("ich bin gerade nicht sicher, ich habe Angst vor mir selbst", "urgent"),
    ],
}
LONG_FILLER = "Today I made tea and watched the rain for a while. " * 240  # ~12,000 chars
BY_KIND["long_text"] = [
    (LONG_FILLER + "I am going to kill myself tonight. " + LONG_FILLER, "urgent"),
    (LONG_FILLER + "honestly I just want to die. " + LONG_FILLER, "concern"),
]

# Never urgent; most must not show help at all.
NEVER_URGENT = [
    "I'm so ready to go home",
    "goodbye everyone, logging off for the night",
    "I am not going to kill myself, I promise. I just need to cry.",
    "we hang out every friday",
    "I need to cut myself off from social media",
    "I took an od shift at the library",
    "tonight's the night! concert with my sister",
    "bye guys, off to the airport, see you in two weeks",
    "I won't be here tomorrow, I'm off to my grandma's",
    "I won't be here tomorrow, I'm visiting my grandma",
    "this is my last post before my exams, see you after",
    "what's the quickest way to go to the station?",
    "I cut myself shaving this morning",
    "I hurt myself playing football",
    "I tried to hang myself years ago, and today I'm doing well",
    "this exam is killing me",
    "my dad tried to drown me when I was small",
    "I'm not suicidal, just really sad",
    "I would never hurt myself",
    "the song goes 'I want to die' and I cried",
    "my first attempt at baking bread was a disaster",
    "I took 10 pills of vitamin c this month lol",
    "i took 20 tablets over the week for my back",
    "my nose won't stop bleeding",
    "my knife is in my hand while i cook dinner",
]
QUIET = [
    "I'm so ready to go home",
    "heute Nacht mache ich Schluss mit ihm, er hat mich betrogen",
    "no me fío de mí con el chocolate",
    "I won't be here tomorrow, I'm visiting my grandma",
    "this is my last post before my exams, see you after",
    "goodbye everyone, logging off for the night",
    "we hang out every friday",
    "tonight's the night! concert with my sister",
    "bye guys, off to the airport, see you in two weeks",
    "what's the quickest way to go to the station?",
    "I cut myself shaving this morning",
    "I hurt myself playing football",
    "this exam is killing me",
    "my first attempt at baking bread was a disaster",
]


@pytest.mark.parametrize(
    ("text", "level"),
    [row for rows in BY_KIND.values() for row in rows],
    ids=[f"{k}:{t[:30]}" for k, rows in BY_KIND.items() for t, _ in rows],
)
def test_each_kind_shows_help_at_its_level(text: str, level: str) -> None:
    result = assess_crisis(text)
    assert result.show_help, result
    assert LEVEL_ORDER[result.level] >= LEVEL_ORDER[level], result
    assert result.why, result


@pytest.mark.parametrize("text", NEVER_URGENT)
def test_it_is_never_urgent_for_idioms_negations_and_ordinary_goodbyes(text: str) -> None:
    assert assess_crisis(text).level != "urgent"


@pytest.mark.parametrize("text", QUIET)
def test_it_shows_no_help_for_ordinary_words_that_share_risk_words(text: str) -> None:
    assert not assess_crisis(text).show_help, assess_crisis(text)


def test_a_negated_promise_is_not_urgent_but_still_offers_help() -> None:
    result = assess_crisis("I am not going to kill myself, I promise. I just need to cry.")
    assert result.level in {"distress", "concern"}
    assert result.show_help


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_says_why_in_plain_words_without_a_means(kind: str) -> None:
    why = KINDS[kind].why
    assert why.startswith(("you ", "what you "))
    assert not any(word in why for word in METHOD_WORDS)
    assert not any(word in KINDS[kind].reason for word in METHOD_WORDS)


def test_the_why_never_names_a_means_for_any_example() -> None:
    for rows in BY_KIND.values():
        for text, _ in rows:
            for why in assess_crisis(text).why:
                assert not any(word in why.lower() for word in METHOD_WORDS), (text, why)


def test_a_language_the_screen_cannot_read_still_gets_help() -> None:
    result = assess_crisis("Ik wil niet meer leven, niemand begrijpt me")
    assert result.language == "nl"
    assert result.show_help
    assert any("language" in why for why in result.why)


def test_english_and_supported_languages_are_not_reported_as_unread() -> None:
    for text in ("I had a lovely walk by the sea today", "Hoy fue un día tranquilo en casa"):
        assert not any("language" in w for w in assess_crisis(text).why)


def test_a_very_long_text_is_read_whole_within_the_budget() -> None:
    text = "I made tea and watched the rain. " * 3100 + "I want to die tonight. " + "ok. " * 10
    assert len(text) > 100_000
    assess_crisis(text[:-1])  # warm caches the same way a running server is warm
    started = time.perf_counter()
    result = assess_crisis(text)
    elapsed = time.perf_counter() - started
    assert result.level == "urgent"
    assert elapsed < 0.5  # generous for a loaded CI machine; the benchmark holds the 50 ms line


@pytest.mark.parametrize(
    ("text", "level"),
    [row for kind, rows in BY_KIND.items() if kind != "long_text" for row in rows],
)
def test_each_kind_is_found_in_the_middle_of_a_long_entry(text: str, level: str) -> None:
    result = assess_crisis(f"{LONG_FILLER}\n{text}\n{LONG_FILLER}")
    assert result.show_help, result
    assert LEVEL_ORDER[result.level] >= LEVEL_ORDER[level], result


# "I want to die" and "I want to kill myself", with and without a time word, in every language
# the product offers: the same meaning takes the same path (a stranger's report: "quiero morir
# esta noche" was matched with a listener while "I want to die tonight" went to crisis lines).
WANT_TO_DIE = {
    "en": ("i want to die", "i want to kill myself"),
    "es": ("quiero morir", "quiero morirme", "quiero matarme"),
    "fr": ("je veux mourir", "j'ai envie de mourir", "je veux me tuer"),
    "de": ("ich will sterben", "ich möchte sterben", "ich will mich umbringen"),
}
TIME_WORDS = {
    "en": ("tonight", "right now", "today"),
    "es": ("esta noche", "ahora mismo", "hoy"),
    "fr": ("ce soir", "maintenant", "aujourd'hui"),
    "de": ("heute Nacht", "jetzt", "heute"),
}
TIMED_WISHES = [
    (language, f"{wish} {time}")
    for language, wishes in WANT_TO_DIE.items()
    for wish in wishes
    for time in TIME_WORDS[language]
]


@pytest.mark.parametrize(("language", "text"), TIMED_WISHES)
def test_wanting_to_die_with_a_time_word_is_urgent_in_every_offered_language(
    language: str, text: str
) -> None:
    assert assess_crisis(text).level == "urgent", text


@pytest.mark.parametrize(
    ("language", "text"), [(lang, wish) for lang, wishes in WANT_TO_DIE.items() for wish in wishes]
)
def test_wanting_to_die_without_a_time_word_is_concern_in_every_offered_language(
    language: str, text: str
) -> None:
    assert assess_crisis(text).level == "concern", text


@pytest.mark.parametrize(
    "text",
    [
        "ich will heute Nacht sterben",
        "ich will mich heute Nacht umbringen",
        "ich will jetzt sterben",
    ],
)
def test_german_time_words_inside_the_phrase_count_too(text: str) -> None:
    assert assess_crisis(text).level == "urgent"


@pytest.mark.parametrize(
    "text",
    ["no quiero morir esta noche", "je ne veux pas mourir ce soir", "ich will nicht sterben heute"],
)
def test_a_negated_wish_with_a_time_word_is_not_urgent(text: str) -> None:
    assert assess_crisis(text).level != "urgent"


# Japanese puts the time before the verb, and says intent with the verb's polite form: a
# stranger's report found "今から死にます" (I am going to die now) passed with no help at all.
JA_WISHES = ("死にたい", "自殺します", "死にます", "死ぬつもりです", "命を絶ちます")
JA_TIMES = ("今夜、", "今から", "今日")


@pytest.mark.parametrize("text", [f"{time}{wish}" for wish in JA_WISHES for time in JA_TIMES])
def test_japanese_intent_or_wish_with_a_time_word_before_it_is_urgent(text: str) -> None:
    assert assess_crisis(text).level == "urgent", text


@pytest.mark.parametrize("text", [*JA_WISHES, "もう死ぬ", "自殺したい"])
def test_japanese_intent_or_wish_without_a_time_word_is_concern(text: str) -> None:
    assert assess_crisis(text).level == "concern", text


@pytest.mark.parametrize(
    "text",
    [
        "死ぬほど疲れた",
        "今日は死ぬほど笑った",
        "死ぬかと思った",
        "もう死ぬほど眠い",
        "今夜は死にません",
    ],
)
def test_japanese_idioms_and_denials_are_not_urgent(text: str) -> None:
    assert assess_crisis(text).level in {"none", "distress"}, text


def test_short_japanese_is_long_enough_to_tell_its_language() -> None:
    assert detect_language("今から死にます")[0] == "ja"
    assert detect_language("ok")[0] == ""


def test_going_to_die_now_shows_help_and_going_to_die_of_something_does_not() -> None:
    assert assess_crisis("I am going to die now").level == "concern"
    assert assess_crisis("im going to die of boredom tonight").level != "urgent"


@pytest.mark.parametrize(
    "text",
    ["今夜死ぬつもりはないです", "今日は自殺しません、大丈夫", "死にたくない"],
)
def test_a_japanese_denial_after_the_verb_is_not_urgent_and_not_the_writers_intent(
    text: str,
) -> None:
    assert assess_crisis(text).level in {"none", "distress"}, text


@pytest.mark.parametrize(
    "text",
    ["今夜、ゲームでキャラが死にます", "犬が今夜死にます", "友達が今夜死にたいと言っていた"],
)
def test_japanese_about_someone_else_is_not_read_as_the_writers_own_urgent_risk(
    text: str,
) -> None:
    result = assess_crisis(text)
    assert result.level != "urgent", text
    assert "someone else" in " ".join(result.why), result


def test_japanese_with_the_writer_as_subject_stays_urgent() -> None:
    assert assess_crisis("私は今夜死にます").level == "urgent"
