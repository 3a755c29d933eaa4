import pytest

from tearspace.safety import selfchecks
from tearspace.safety.selfchecks import GAD7, PHQ9, Questionnaire


def answers_totalling(questionnaire: Questionnaire, total: int) -> list[int]:
    """Spread `total` over the items without touching PHQ-9 item 9 (index 8)."""
    answers = [0] * len(questionnaire.items)
    order = [i for i in range(len(answers)) if not (questionnaire.kind == "phq9" and i == 8)]
    for index in order:
        answers[index] = min(3, total)
        total -= answers[index]
    if total:  # only reachable for PHQ-9 totals above 24
        answers[8] = total
    return answers


PHQ9_BOUNDARIES = [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (27, "severe"),
]  # fmt: skip
GAD7_BOUNDARIES = [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "severe"), (21, "severe"),
]  # fmt: skip


@pytest.mark.parametrize(("total", "band"), PHQ9_BOUNDARIES)
def test_it_bands_phq9_totals_at_every_boundary(total: int, band: str) -> None:
    result = selfchecks.score(PHQ9, answers_totalling(PHQ9, total))
    assert (result.score, result.band) == (total, band)


@pytest.mark.parametrize(("total", "band"), GAD7_BOUNDARIES)
def test_it_bands_gad7_totals_at_every_boundary(total: int, band: str) -> None:
    result = selfchecks.score(GAD7, answers_totalling(GAD7, total))
    assert (result.score, result.band) == (total, band)


@pytest.mark.parametrize(("total", "shows"), [(9, False), (10, True)])
def test_it_offers_help_from_the_moderate_band(total: int, shows: bool) -> None:
    assert selfchecks.score(GAD7, answers_totalling(GAD7, total)).show_help is shows


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_it_always_shows_help_when_phq9_item9_is_above_not_at_all(item9: int) -> None:
    answers = [0] * 9
    answers[8] = item9
    result = selfchecks.score(PHQ9, answers)
    assert result.band == "minimal"
    assert result.show_help


def test_it_does_not_show_help_for_a_minimal_phq9_without_item9() -> None:
    assert not selfchecks.score(PHQ9, [1, 1, 1, 1, 0, 0, 0, 0, 0]).show_help


@pytest.mark.parametrize(
    "answers", [[0] * 8, [0] * 10, [0] * 8 + [4], [0] * 8 + [-1], [0] * 8 + [True]]
)
def test_it_rejects_incomplete_or_out_of_range_answers(answers: list[int]) -> None:
    with pytest.raises(selfchecks.InvalidAnswers):
        selfchecks.score(PHQ9, answers)


def test_it_uses_the_standard_wording() -> None:
    assert PHQ9.stem == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert GAD7.stem == (
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    )
    assert len(PHQ9.items) == 9
    assert len(GAD7.items) == 7
    assert PHQ9.items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert selfchecks.ANSWERS == (
        "Not at all", "Several days", "More than half the days", "Nearly every day",
    )  # fmt: skip


def test_it_describes_a_result_without_diagnosing() -> None:
    result = selfchecks.score(PHQ9, answers_totalling(PHQ9, 12))
    text = selfchecks.plain_result(PHQ9, result)
    assert "add up to 12" in text
    assert "usually called moderate" in text
    assert "isn't a diagnosis" in text
    assert "you have" not in text.lower()
