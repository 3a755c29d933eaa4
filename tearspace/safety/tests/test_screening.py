import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import transaction

from tearspace.accounts.models import User
from tearspace.safety.models import Escalation, ScreeningRecord
from tearspace.safety.screening import check_reply, screen_text
from tearspace.safety.tests.conftest import FakeModels

pytestmark = pytest.mark.django_db


def test_it_stores_the_assessment_without_the_text(alice: User, models: FakeModels) -> None:
    models.level = "distress"
    models.reasons = ["sounds very low"]
    result = screen_text(author=alice, text="a heavy day", kind="entry", obj=alice)
    record = ScreeningRecord.objects.get(pk=result.record_id or 0)
    assert (record.level, record.show_help, record.reasons) == (
        "distress",
        True,
        ["sounds very low"],
    )
    assert record.object_id == str(alice.pk)
    assert "a heavy day" not in str(record.__dict__)
    assert result.escalation_id is None
    assert not Escalation.objects.exists()


@pytest.mark.parametrize("level", ["none", "distress", "concern"])
def test_it_does_not_escalate_below_urgent(alice: User, models: FakeModels, level: str) -> None:
    models.level = level
    screen_text(author=alice, text="words", kind="entry")
    assert not Escalation.objects.exists()


def test_it_escalates_urgent_private_writing_without_its_words(
    alice: User, models: FakeModels
) -> None:
    models.level = "urgent"
    models.reasons = ["talks about a plan"]
    result = screen_text(author=alice, text="my private words", kind="entry")
    escalation = Escalation.objects.get(pk=result.escalation_id or 0)
    assert escalation.person == alice
    assert escalation.level == "urgent"
    assert escalation.reasons == ["talks about a plan"]
    assert escalation.snapshot == ""
    assert escalation.screening_id == result.record_id
    assert result.show_help


def test_it_keeps_a_snapshot_of_urgent_words_already_shared(
    alice: User, models: FakeModels
) -> None:
    models.level = "urgent"
    result = screen_text(author=alice, text="shared words", kind="reply", shared=True)
    assert Escalation.objects.get(pk=result.escalation_id or 0).snapshot == "shared words"


def test_it_fails_towards_help_and_review_when_the_model_breaks(
    alice: User, models: FakeModels
) -> None:
    models.fail = True
    result = screen_text(author=alice, text="anything", kind="entry")
    assert result.show_help
    assert result.needs_review
    assert ScreeningRecord.objects.get(pk=result.record_id or 0).needs_review


def test_it_rolls_back_the_escalation_with_the_write(alice: User, models: FakeModels) -> None:
    models.level = "urgent"

    def write_then_fail() -> None:
        with transaction.atomic():
            screen_text(author=alice, text="words", kind="entry")
            raise RuntimeError("the entry failed to save")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert not Escalation.objects.exists()


@pytest.mark.parametrize("verdict", ["ok", "nudge", "hold"])
def test_it_passes_the_reply_verdict_through(alice: User, models: FakeModels, verdict: str) -> None:
    models.verdict = verdict
    check = check_reply(author=alice, text="a reply", context="the share")
    assert check.verdict == verdict
    assert not check.needs_review


def test_it_holds_a_reply_for_review_when_the_check_breaks(alice: User, models: FakeModels) -> None:
    models.fail = True
    check = check_reply(author=alice, text="a reply")
    assert (check.verdict, check.needs_review) == ("hold", True)


def test_it_holds_a_reply_when_the_verdict_is_unknown(alice: User, models: FakeModels) -> None:
    models.verdict = "maybe"
    assert check_reply(author=alice, text="a reply").verdict == "hold"


def test_it_loads_the_text_models_when_the_server_starts() -> None:
    """The first person to write after a restart must not pay for loading the models: that
    time would count against the budget and show them help they did not need."""
    probe = (
        "import config.asgi\n"
        "from tearspace.ml.crisis import default_screen\n"
        "from tearspace.ml.reply import default_models\n"
        "print(default_screen.cache_info().currsize, default_models.cache_info().currsize)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split() == ["1", "1"]
