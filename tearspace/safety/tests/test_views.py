from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.safety import insights
from tearspace.safety.actions import do_submit_self_check
from tearspace.safety.models import CareMessage, Escalation, InsightState, SelfCheck
from tearspace.safety.tests.conftest import FakeModels

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Client]

PHQ9_TWELVE = [2, 2, 2, 2, 2, 2, 0, 0, 0]


def phq9_post(answers: list[int]) -> dict[str, str]:
    return {f"q{i}": str(a) for i, a in enumerate(answers, start=1)}


# --- what's on your mind ---


def test_it_sends_anonymous_people_to_log_in_from_mind(login: Login) -> None:
    response = login(None).get(reverse("safety:mind"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_shows_the_help_panel_with_local_lines_when_words_need_it(
    login: Login, alice: User, models: FakeModels
) -> None:
    models.level = "concern"
    response = login(alice).post(reverse("safety:mind"), {"text": "I can't go on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-help-panel" in html
    assert "Samaritans" in html  # alice lives in GB
    assert "Talk to a listener now" in html
    assert "Name 5 things you can see." in html


def test_it_shows_no_help_panel_for_ordinary_words(
    login: Login, alice: User, models: FakeModels
) -> None:
    response = login(alice).post(reverse("safety:mind"), {"text": "I cried at a film"})
    assert "data-help-panel" not in response.content.decode()


def test_it_escalates_urgent_words_written_on_mind(
    login: Login, alice: User, models: FakeModels
) -> None:
    models.level = "urgent"
    login(alice).post(reverse("safety:mind"), {"text": "tonight is the night"})
    assert Escalation.objects.get().snapshot == ""


def test_it_re_shows_an_empty_mind_form_with_400(login: Login, alice: User) -> None:
    response = login(alice).post(reverse("safety:mind"), {"text": ""})
    assert response.status_code == 400


# --- self-checks ---


@pytest.mark.parametrize(
    "name", ["safety:self_checks", "safety:take_self_check", "safety:self_check_result"]
)
def test_it_sends_anonymous_people_to_log_in_from_self_checks(login: Login, name: str) -> None:
    args: dict[str, list[object]] = {
        "safety:take_self_check": ["phq9"],
        "safety:self_check_result": [1],
    }
    response = login(None).get(reverse(name, args=args.get(name, [])))
    assert response.status_code == 302


def test_it_shows_the_standard_phq9_wording(login: Login, alice: User) -> None:
    html = login(alice).get(reverse("safety:take_self_check", args=["phq9"])).content.decode()
    assert "Over the last 2 weeks, how often have you been bothered by any of the following" in html
    assert "More than half the days" in html


def test_it_404s_an_unknown_questionnaire(login: Login, alice: User) -> None:
    assert login(alice).get(reverse("safety:take_self_check", args=["nope"])).status_code == 404


def test_it_scores_a_phq9_and_shows_a_plain_result(login: Login, alice: User) -> None:
    client = login(alice)
    response = client.post(reverse("safety:take_self_check", args=["phq9"]), phq9_post(PHQ9_TWELVE))
    check = SelfCheck.objects.get(person=alice)
    assert response["Location"] == reverse("safety:self_check_result", args=[check.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Your answers add up to 12 out of 27, in the range usually called moderate." in html
    assert "This isn&#x27;t a diagnosis" in html
    assert "data-help-panel" in html  # moderate and above offers help


def test_it_keeps_the_answers_when_a_self_check_is_incomplete(login: Login, alice: User) -> None:
    data = phq9_post(PHQ9_TWELVE)
    del data["q9"]
    response = login(alice).post(reverse("safety:take_self_check", args=["phq9"]), data)
    assert response.status_code == 400
    assert 'value="2" id="id_q1_2" required checked' in response.content.decode()
    assert not SelfCheck.objects.exists()


def test_it_shows_help_and_escalates_when_item9_is_answered(login: Login, alice: User) -> None:
    client = login(alice)
    response = client.post(
        reverse("safety:take_self_check", args=["phq9"]), phq9_post([0] * 8 + [1]), follow=True
    )
    html = response.content.decode()
    assert "in the range usually called minimal" in html
    assert "data-help-panel" in html
    escalation = Escalation.objects.get(person=alice)
    assert (escalation.level, escalation.snapshot) == ("concern", "")


def test_it_shows_no_help_for_a_minimal_gad7(login: Login, alice: User) -> None:
    client = login(alice)
    response = client.post(
        reverse("safety:take_self_check", args=["gad7"]),
        {f"q{i}": "0" for i in range(1, 8)},
        follow=True,
    )
    assert "data-help-panel" not in response.content.decode()
    assert not Escalation.objects.exists()


def test_it_hides_someone_elses_self_check(login: Login, alice: User, bob: User) -> None:
    check, _ = do_submit_self_check(person=alice, kind="gad7", answers=[1] * 7)
    url = reverse("safety:self_check_result", args=[check.pk])
    assert login(bob).get(url).status_code == 404
    assert login(alice).get(url).status_code == 200


def test_it_lists_only_my_history(login: Login, alice: User, bob: User) -> None:
    do_submit_self_check(person=alice, kind="gad7", answers=[1] * 7)
    do_submit_self_check(person=bob, kind="gad7", answers=[3] * 7)
    html = login(alice).get(reverse("safety:self_checks")).content.decode()
    assert "7 / 21" in html
    assert "21 / 21" not in html
    assert 'aria-label="7 of 21, mild"' in html


# --- the insight ---


def test_it_suggests_talking_to_someone_after_a_moderate_result(login: Login, alice: User) -> None:
    do_submit_self_check(person=alice, kind="phq9", answers=PHQ9_TWELVE)
    client = login(alice)
    assert (
        "It may be time to talk to someone"
        in client.get(reverse("safety:self_checks")).content.decode()
    )
    # Not repeated the next day.
    assert (
        "It may be time to talk to someone"
        not in client.get(reverse("safety:self_checks")).content.decode()
    )


def test_it_keeps_the_insight_quiet_for_mild_results(login: Login, alice: User) -> None:
    do_submit_self_check(person=alice, kind="gad7", answers=[1] * 7)
    assert "It may be time" not in login(alice).get(reverse("safety:self_checks")).content.decode()


def test_it_lets_people_set_the_insight_aside(login: Login, alice: User) -> None:
    do_submit_self_check(person=alice, kind="gad7", answers=[2] * 7)
    client = login(alice)
    response = client.post(reverse("safety:dismiss_insight"))
    assert response.status_code == 302
    state = InsightState.objects.get(person=alice)
    state.last_shown_at = timezone.now() - timedelta(days=10)
    state.save()
    assert insights.insight_for(alice) is None
    state.dismissed_at = timezone.now() - timedelta(days=31)
    state.save()
    assert insights.insight_for(alice) is not None


def test_it_reads_low_relief_cries_from_a_registered_source(alice: User) -> None:
    def source(user: User, since: object) -> insights.CrySummary:
        return insights.CrySummary(cries=10, low_relief=7)

    insights.register_cry_source(source)
    try:
        insight = insights.insight_for(alice)
    finally:
        insights.unregister_cry_source(source)
    assert insight is not None
    assert "cried often" in insight.reasons[0]


def test_it_rejects_anonymous_insight_dismissal(login: Login) -> None:
    assert login(None).post(reverse("safety:dismiss_insight")).status_code == 302
    assert not InsightState.objects.exists()


# --- help page care messages ---


def test_it_shows_my_care_messages_on_the_help_page(login: Login, alice: User, bob: User) -> None:
    CareMessage.objects.create(person=alice, body="We're thinking of you.")
    assert "thinking of you" in login(alice).get(reverse("safety:help")).content.decode()
    assert "thinking of you" not in login(bob).get(reverse("safety:help")).content.decode()
    assert "thinking of you" not in login(None).get(reverse("safety:help")).content.decode()
    assert CareMessage.objects.get().read_at is not None


def test_it_shows_the_nav_links_by_role(login: Login, alice: User) -> None:
    html = login(alice).get(reverse("safety:help")).content.decode()
    assert reverse("safety:self_checks") in html
    assert reverse("moderation:queue") not in html
    assert (
        reverse("safety:self_checks")
        not in login(None).get(reverse("safety:help")).content.decode()
    )


def test_it_shows_the_moderation_link_to_moderators(login: Login, mod: User) -> None:
    assert reverse("moderation:queue") in login(mod).get(reverse("safety:help")).content.decode()
