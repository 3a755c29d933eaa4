"""The one entry point every feature calls when a person writes something.

Screening adds help; it never hides or changes the person's words. If the text models fail or
run past their time budget, the text is flagged for human review and help is shown: never
silently passed.
"""

import logging
import time
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models

from tearspace.accounts.models import User
from tearspace.safety.models import ScreeningRecord

logger = logging.getLogger(__name__)

TIME_BUDGET_SECONDS = 0.05


@dataclass(frozen=True)
class Screening:
    level: str  # "none" | "distress" | "concern" | "urgent"
    show_help: bool
    reasons: list[str] = field(default_factory=list)
    needs_review: bool = False
    record_id: int | None = None


def assess(text: str) -> Screening:
    """Assess `text` within the time budget, failing towards help."""
    started = time.perf_counter()
    try:
        from tearspace.ml import assess_crisis

        result = assess_crisis(text)
    except Exception:
        logger.exception("crisis screening failed; flagging for review")
        return Screening(
            level="concern", show_help=True, reasons=["screening unavailable"], needs_review=True
        )
    late = time.perf_counter() - started > TIME_BUDGET_SECONDS
    reasons = [*result.reasons, *(["screening ran late"] if late else [])]
    return Screening(
        level=result.level,
        show_help=result.show_help or late,
        reasons=reasons,
        needs_review=late,
    )


def screen_text(
    *, author: User, text: str, kind: str, obj: models.Model | None = None
) -> Screening:
    """Screen what `author` wrote, store the assessment with `obj`, and say what the UI must do.

    Call inside the transaction that saves `obj`, after it has a primary key.
    """
    screening = assess(text)
    record = ScreeningRecord.objects.create(
        author=author,
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        level=screening.level,
        show_help=screening.show_help,
        needs_review=screening.needs_review,
        reasons=screening.reasons,
    )
    return Screening(
        level=screening.level,
        show_help=screening.show_help,
        reasons=screening.reasons,
        needs_review=screening.needs_review,
        record_id=record.pk,
    )
