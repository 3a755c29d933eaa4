"""The entry points every feature calls when a person writes something.

Screening adds help; it never hides or changes the person's words. If the text models fail or
run past their time budget, the text is flagged for human review and help is shown: never
silently passed. The reply check works the same way: if it cannot run, the reply is held for a
person to review rather than posted unchecked.
"""

import importlib
import logging
import time
from dataclasses import dataclass, field
from types import ModuleType

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_noop

from tearspace.accounts.models import User
from tearspace.safety.actions import do_create_escalation
from tearspace.safety.models import CrisisLevel, ScreeningRecord

logger = logging.getLogger(__name__)

TIME_BUDGET_SECONDS = 0.05
WARM_UP_TEXT = "warming up the text models before anyone writes"
# Shown to the person under "Why am I seeing this?" when screening itself could not answer.
# Kept in English here and translated when shown (safety.panels), like the text models' words.
LATE_WHY = gettext_noop(
    "we took longer than usual to read what you wrote, so help is here just in case"
)
UNAVAILABLE_WHY = gettext_noop(
    "we couldn't read what you wrote just now, so help is here just in case"
)


@dataclass(frozen=True)
class Screening:
    level: str  # "none" | "distress" | "concern" | "urgent"
    show_help: bool
    reasons: list[str] = field(default_factory=list)  # for moderators
    needs_review: bool = False
    record_id: int | None = None
    escalation_id: int | None = None
    why: list[str] = field(default_factory=list)  # for the person: plain words, never a means
    language: str = ""  # detected language code of the words ("" when too short to tell)


@dataclass(frozen=True)
class ReplyCheck:
    verdict: str  # "ok" | "nudge" (pause and reflect first) | "hold" (a person reviews it)
    reasons: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    needs_review: bool = False


def ml() -> ModuleType:
    """The Django-free text models (imported late so a broken model never breaks start-up)."""
    return importlib.import_module("tearspace.ml")


def warm_up() -> None:
    """Load the text models now, so the first person to write after a restart is not judged
    against the time budget by the cost of loading them (and shown help they did not need)."""
    try:
        models = ml()
        # Long enough for language identification, so its models load now too.
        models.assess_crisis(WARM_UP_TEXT)
        models.assess_reply(WARM_UP_TEXT)
    except Exception:
        # The site must still start (crisis lines first of all); screening then fails towards
        # help for every text until the models load.
        logger.exception("the text models did not load at start")


def assess(text: str) -> Screening:
    """Assess `text` within the time budget, failing towards help."""
    started = time.perf_counter()
    try:
        result = ml().assess_crisis(text)
        level = str(result.level)
        if level not in CrisisLevel.values:
            raise ValueError(f"unknown crisis level {level!r}")
    except Exception:
        logger.exception("crisis screening failed; flagging for review")
        return Screening(
            level="concern",
            show_help=True,
            reasons=["screening unavailable"],
            needs_review=True,
            why=[UNAVAILABLE_WHY],
        )
    late = time.perf_counter() - started > TIME_BUDGET_SECONDS
    reasons = [*result.reasons, *(["screening ran late"] if late else [])]
    # Stand-in models (tests of other apps) may not say why; the panel then says it generally.
    why = [str(w) for w in getattr(result, "why", [])] + ([LATE_WHY] if late else [])
    return Screening(
        level=level,
        show_help=bool(result.show_help) or late,
        reasons=[str(reason) for reason in reasons],
        needs_review=late,
        why=why,
        language=str(getattr(result, "language", "")),
    )


def screen_text(
    *,
    author: User,
    text: str,
    kind: str,
    obj: models.Model | None = None,
    shared: bool = False,
) -> Screening:
    """Screen what `author` wrote, store the assessment with `obj`, and say what the UI must do.

    Call inside the transaction that saves `obj`, after it has a primary key. Pass
    `shared=True` when other people already see the words (a reply, a share, room chat): only
    then may a moderator see them in an escalation. Private writing is never copied.
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
    escalation_id = None
    if screening.level == CrisisLevel.URGENT:
        escalation = do_create_escalation(
            person=author,
            kind=kind,
            level=screening.level,
            reasons=screening.reasons,
            snapshot=text if shared else "",
            screening=record,
        )
        escalation_id = escalation.pk
    return Screening(
        level=screening.level,
        show_help=screening.show_help,
        reasons=screening.reasons,
        needs_review=screening.needs_review,
        record_id=record.pk,
        escalation_id=escalation_id,
        why=screening.why,
        language=screening.language,
    )


def check_reply(*, author: User, text: str, context: str | None = None) -> ReplyCheck:
    """Check a reply to someone else for kindness before it is posted.

    "nudge" means show the pause-and-reflect prompt (the author may still post); "hold" means
    keep it back for a moderator. When the check cannot run, the reply is held for review.
    Crisis screening of the same words is separate: call `screen_text` as well.
    """
    try:
        result = ml().assess_reply(text, context=context)
        verdict = str(result.verdict)
        if verdict not in {"ok", "nudge", "hold"}:
            raise ValueError(f"unknown reply verdict {verdict!r}")
        scores = {str(k): float(v) for k, v in dict(result.scores or {}).items()}
        return ReplyCheck(verdict=verdict, reasons=[str(r) for r in result.reasons], scores=scores)
    except Exception:
        logger.exception("reply check failed for author %s; holding for review", author.pk)
        return ReplyCheck(verdict="hold", reasons=["reply check unavailable"], needs_review=True)


def earlier_screening(*, obj: models.Model, kind: str) -> Screening | None:
    """Return what screening said the last time it read `obj`'s words of this `kind`.

    Lets an action that is handed the same words again reuse that answer instead of screening
    (and escalating) them a second time. No new record is made.
    """
    record = (
        ScreeningRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), kind=kind
        )
        .order_by("-pk")
        .first()
    )
    if record is None:
        return None
    return Screening(
        level=record.level,
        show_help=record.show_help,
        reasons=[str(reason) for reason in record.reasons],
        needs_review=record.needs_review,
        record_id=record.pk,
    )
