"""PHQ-9 and GAD-7: the standard wording, scoring and severity bands, unchanged.

The questionnaires are validated instruments; their items, answers and bands must stay exactly as
published (Kroenke, Spitzer & Williams 2001; Spitzer et al. 2006). Results name the band a total
falls in and never diagnose.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

ANSWERS: tuple[str, ...] = (
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
)


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    name: str


@dataclass(frozen=True)
class Questionnaire:
    kind: str
    title: str
    about: str | Promise  # our own words, translated; the items and answers stay as published
    stem: str
    items: tuple[str, ...]
    bands: tuple[Band, ...]

    @property
    def max_score(self) -> int:
        return 3 * len(self.items)


PHQ9 = Questionnaire(
    kind="phq9",
    title="PHQ-9",
    about=gettext_lazy("Nine questions about low mood over the last two weeks."),
    stem=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 19, "moderately severe"),
        Band(20, 27, "severe"),
    ),
)

GAD7 = Questionnaire(
    kind="gad7",
    title="GAD-7",
    about=gettext_lazy("Seven questions about worry and anxiety over the last two weeks."),
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 21, "severe"),
    ),
)

QUESTIONNAIRES: dict[str, Questionnaire] = {q.kind: q for q in (PHQ9, GAD7)}

# Bands from "moderate" up: where it may help to talk to a professional.
MODERATE_OR_ABOVE = frozenset({"moderate", "moderately severe", "severe"})


@dataclass(frozen=True)
class Result:
    kind: str
    score: int
    band: str
    show_help: bool


class InvalidAnswers(ValueError):
    pass


def band_for(questionnaire: Questionnaire, score: int) -> str:
    for band in questionnaire.bands:
        if band.low <= score <= band.high:
            return band.name
    raise InvalidAnswers(
        _("A score of %(score)s is outside 0-%(most)s.")
        % {"score": score, "most": questionnaire.max_score}
    )


def score(questionnaire: Questionnaire, answers: list[int]) -> Result:
    """Score one completed questionnaire: every item answered 0-3."""
    if len(answers) != len(questionnaire.items):
        raise InvalidAnswers(
            # Translators: the title is the questionnaire's name, such as PHQ-9.
            ngettext(
                "%(title)s needs %(count)s answer, one for each question.",
                "%(title)s needs %(count)s answers, one for each question.",
                len(questionnaire.items),
            )
            % {"title": questionnaire.title, "count": len(questionnaire.items)}
        )
    if any(not isinstance(a, int) or isinstance(a, bool) or not 0 <= a <= 3 for a in answers):
        raise InvalidAnswers(_("Each answer must be 0, 1, 2 or 3."))
    total = sum(answers)
    # PHQ-9 item 9 above "Not at all" always shows help, whatever the total.
    item9 = questionnaire.kind == "phq9" and answers[8] > 0
    band = band_for(questionnaire, total)
    return Result(
        kind=questionnaire.kind,
        score=total,
        band=band,
        show_help=item9 or band in MODERATE_OR_ABOVE,
    )


def plain_result(questionnaire: Questionnaire, result: Result) -> str:
    """Describe a total in plain words, naming the standard band and never diagnosing."""
    return (
        f"Your answers add up to {result.score} out of {questionnaire.max_score}, in the range "
        f"usually called {result.band}. This isn't a diagnosis: it's one way to notice how the "
        f"last two weeks have been, and to talk about it with someone you trust or a professional."
    )
