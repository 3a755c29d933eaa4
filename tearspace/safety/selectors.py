import functools
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django_countries import countries

from tearspace.accounts.models import User
from tearspace.safety.default_lines import LINES, line_fields
from tearspace.safety.models import (
    OPEN_STATUSES,
    Appeal,
    AppealStatus,
    CrisisLine,
    Escalation,
    Report,
    Sanction,
    SelfCheck,
)


@dataclass(frozen=True)
class CrisisLines:
    local: list[CrisisLine]
    international: list[CrisisLine]
    elsewhere: list[CrisisLine]

    def __iter__(self) -> Iterator[CrisisLine]:
        return iter([*self.local, *self.international, *self.elsewhere])


def crisis_lines_for(country: str, language: str | None = None) -> CrisisLines:
    """Return active lines: the person's country first, then worldwide ones, then the rest.

    `country` is an ISO 3166 code; `language` an ISO 639-1 code (default: the language the page
    is in). Within each group, lines that answer in `language` come first, then the operator's
    order.
    """
    return _grouped(CrisisLine.objects.filter(is_active=True), country, language)


def shipped_crisis_lines(country: str, language: str | None = None) -> CrisisLines:
    """The lines Tearspace ships with, from code, grouped the same way: for the one page that
    must work while the database is away (the error page)."""
    return _grouped(
        (CrisisLine(**line_fields(CrisisLine, line)) for line in LINES), country, language
    )


def _grouped(found: Iterable[CrisisLine], country: str, language: str | None) -> CrisisLines:
    code = country.upper()
    speaks = (language or translation.get_language() or "").split("-")[0].lower()
    # sorted() keeps the queryset's (country, order, name) order among equals.
    lines = sorted(found, key=lambda line: speaks not in line.language_codes)
    return CrisisLines(
        local=[line for line in lines if code and line.country.code == code],
        international=[line for line in lines if not line.country],
        elsewhere=[line for line in lines if line.country and line.country.code != code],
    )


@functools.cache
def _countries_by_zone() -> dict[str, str]:
    """{IANA time zone: ISO 3166 country code} from the system's zone.tab (first file found
    on zoneinfo.TZPATH; empty when none is). Source: the IANA tz database, zone.tab."""
    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone.tab"
        if table.is_file():
            rows = (line.split("\t") for line in table.read_text("utf-8").splitlines())
            return {row[2]: row[0] for row in rows if len(row) >= 3 and not row[0].startswith("#")}
    return {}


def country_of_zone(zone: str) -> str | None:
    """The country a time zone is in ("Asia/Tokyo" -> "JP"), or None when it names none."""
    code = _countries_by_zone().get(zone)
    return code if code in countries else None


@dataclass(frozen=True)
class CountryChoice:
    """The country whose lines come first, and whether it is only our guess (no choice made
    and no country in the person's settings), so the page can say so."""

    code: str
    guessed: bool


def country_choice(request: HttpRequest) -> CountryChoice:
    """Pick the country to show first: a choice on the page, then the person's setting, then a
    guess from their time zone, then the site's default."""
    chosen = request.GET.get("country", "").upper()
    if chosen in countries:
        return CountryChoice(chosen, guessed=False)
    user_country = getattr(request.user, "country", None)
    if user_country:
        return CountryChoice(str(user_country.code), guessed=False)
    zoned = country_of_zone(getattr(request.user, "time_zone", "") or "")
    return CountryChoice(zoned or str(settings.DEFAULT_COUNTRY), guessed=True)


def country_for(request: HttpRequest) -> str:
    """The code of `country_choice`."""
    return country_choice(request).code


@dataclass(frozen=True)
class QueueItem:
    kind: str  # "escalation" | "report"
    case: Escalation | Report

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.case.pk}"


def moderation_queue(*, include_closed: bool = False, limit: int = 200) -> list[QueueItem]:
    """Open escalations and reports together, most urgent first, then oldest first."""
    escalations = Escalation.objects.select_related("person", "handled_by")
    reports = Report.objects.select_related("reporter", "subject", "handled_by")
    if not include_closed:
        escalations = escalations.filter(status__in=OPEN_STATUSES)
        reports = reports.filter(status__in=OPEN_STATUSES)
    items = [
        QueueItem("escalation", e) for e in escalations.order_by("-urgency", "created_at")[:limit]
    ]
    items += [QueueItem("report", r) for r in reports.order_by("-urgency", "created_at")[:limit]]
    items.sort(key=lambda item: (-item.case.urgency, item.case.created_at))
    return items[:limit]


def open_report_of(*, reporter: User, obj: models.Model) -> Report | None:
    """The reporter's report of `obj` that moderators have not closed yet, or None."""
    return Report.objects.filter(
        reporter=reporter,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        status__in=OPEN_STATUSES,
    ).first()


def self_check_history(user: User) -> dict[str, list[SelfCheck]]:
    """Each questionnaire's results, oldest first (the order a chart reads)."""
    checks = SelfCheck.objects.filter(person_id=user.pk).order_by("created_at")
    history: dict[str, list[SelfCheck]] = {"phq9": [], "gad7": []}
    for check in checks:
        history.setdefault(check.kind, []).append(check)
    return history


def needs_content_note(reasons: list[str]) -> bool:
    """Whether words seen by others should sit behind a content note (they may name a means)."""
    return any("means" in reason or "method" in reason for reason in reasons)


def open_appeals(limit: int = 200) -> list[Appeal]:
    return list(
        Appeal.objects.filter(status=AppealStatus.OPEN)
        .select_related("sanction__person")
        .order_by("created_at")[:limit]
    )


def standing_of(user: User) -> list[Sanction]:
    """Every decision about this person's account, newest first, with any appeal."""
    return list(Sanction.objects.filter(person_id=user.pk).prefetch_related("appeals"))


def sanctions_for(user_id: int | None) -> list[Sanction]:
    if user_id is None:
        return []
    return list(Sanction.objects.filter(person_id=user_id).select_related("moderator"))
