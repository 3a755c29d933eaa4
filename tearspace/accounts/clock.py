"""The person's clock: the one place that turns instants into their dates and times, and back.

Every date a person sees, filters or groups by (the montage, the dashboard's weeks and months,
the timeline, reminders, digests, exports) goes through here with the person named, so a web
request, a task worker and a management command give the same answer. Nothing here reads the
zone Django has "activated": a worker has none, and a moderator's request has the moderator's.

A wall-clock time without an offset (a form's `datetime-local`, an API time like
`2026-11-21T08:00`) is read in the person's zone. At a daylight-saving change one hour happens
twice; `fold` (PEP 495) says which: 0 the first time, 1 the second. A time inside the hour
the clocks skip never happened and is refused.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

from tearspace.accounts.models import User
from tearspace.core.validators import Moment


class LocalTimeError(ValueError):
    """A wall-clock time that does not name one moment in the person's zone (message is shown)."""


class AmbiguousTime(LocalTimeError):
    """The time happened twice (the clocks went back); say which with `fold`."""


class SkippedTime(LocalTimeError):
    """The time never happened (the clocks went forward past it)."""


def zone_of(person: User | None) -> ZoneInfo:
    """The person's time zone, or the site's (TIME_ZONE) when they chose none or are unknown."""
    return person.zone if person is not None else ZoneInfo(settings.TIME_ZONE)


def local(moment: datetime, person: User | None) -> datetime:
    """`moment` (aware) on the person's clock, as an aware datetime in their zone."""
    return moment.astimezone(zone_of(person))


def local_date(moment: datetime, person: User | None) -> date:
    """The person's calendar date at `moment` (aware)."""
    return local(moment, person).date()


def today(person: User | None, now: datetime | None = None) -> date:
    """The person's date now (or at `now`)."""
    return local_date(now or timezone.now(), person)


def day_start(day: date, person: User | None) -> datetime:
    """The first instant of `day` on the person's clock, in UTC.

    Where midnight is skipped (clocks going forward at 00:00), the day starts when the clocks
    land: fold 0 of a skipped time maps to the moment of the change.
    """
    return datetime.combine(day, time(0), tzinfo=zone_of(person)).astimezone(UTC)


def day_span(first: date, last: date, person: User | None) -> tuple[datetime, datetime]:
    """The instants [start, end) covering the person's days `first` to `last`, both included."""
    return day_start(first, person), day_start(last + timedelta(days=1), person)


def is_ambiguous(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether the naive wall-clock time `wall` happened twice in `zone`."""
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    return first.utcoffset() != second.utcoffset() and _exists(first) and _exists(second)


def _exists(moment: datetime) -> bool:
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None, fold=0) == moment.replace(tzinfo=None, fold=0)


def aware(value: datetime, zone: ZoneInfo, *, fold: int | None = None) -> datetime:
    """Return `value` as an aware datetime; a naive one is read as a wall-clock time in `zone`.

    `fold` picks the first (0) or second (1) of a repeated hour; when it is None and the time is
    repeated, AmbiguousTime is raised. A time the clocks skipped raises SkippedTime. An aware
    `value` is returned unchanged.
    """
    if timezone.is_aware(value):
        return value
    moment = value.replace(tzinfo=zone, fold=fold or 0)
    try:
        exists = _exists(moment)
    except OverflowError:  # within hours of year 1 or 9999: no instant to name
        raise LocalTimeError(_("Please choose a date nearer to today.")) from None
    if not exists:
        raise SkippedTime(
            _("The clocks skipped %(time)s that night, so that time never happened here.")
            % {"time": value.strftime("%H:%M")}
        )
    if fold is None and is_ambiguous(value, zone):
        raise AmbiguousTime(
            _(
                "%(time)s happened twice that night when the clocks went back. "
                "Say which one: the first or the second."
            )
            % {"time": value.strftime("%H:%M")}
        )
    return moment


def read_local(value: datetime, person: User | None, *, fold: int | None = None) -> datetime:
    """`aware` in the person's zone: how every interface reads a time typed without an offset."""
    return aware(value, zone_of(person), fold=fold)


def _in_current_zone(value: datetime) -> datetime:
    # API requests activate the caller's zone (UserLocaleMiddleware for sessions, TokenAuth for
    # tokens), so this is the person's zone; aware values pass through unchanged.
    return aware(value, timezone.get_current_timezone())


# An API datetime: with an offset it means that instant; without one, it is read in the
# caller's own time zone (Settings → Time zone), and a repeated or skipped hour is refused.
LocalDateTime = Annotated[
    Moment,
    AfterValidator(_in_current_zone),
    Field(
        description=(
            "ISO 8601. With an offset (`2026-11-21T08:00+09:00`, `Z`) it is that instant. "
            "Without one (`2026-11-21T08:00`) it is read in your own time zone from Settings; "
            "in the hour that happens twice when clocks go back, send an offset to say which."
        )
    ),
]
