"""Reads over one person's journal: the timeline with filters and search, and the growth stats."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tearspace.accounts import clock
from tearspace.accounts.models import User
from tearspace.journal.models import (
    EMOTIONS,
    FAMILIES,
    HELPED,
    RELIEF_SCORE,
    Company,
    Entry,
    EntryWord,
    Kind,
    MontageJob,
    Relief,
    Tag,
    family_of,
)
from tearspace.lib import crypto


@dataclass(frozen=True)
class TimelineFilters:
    emotion: str = ""
    kind: str = ""
    tag: int | None = None
    with_whom: str = ""
    has_clip: bool = False
    q: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.emotion or self.kind or self.tag or self.with_whom or self.has_clip or self.q
        )


def entry_list(
    *, owner: User, filters: TimelineFilters | None = None, with_tags: bool = True
) -> QuerySet[Entry]:
    """Return the owner's entries, newest first, filtered; clip and room come along, and tags
    unless `with_tags` is False (a page that holds the owner's tags calls `attach_tags`)."""
    filters = filters or TimelineFilters()
    # Read through the owner's own manager, each entry's owner is `owner` itself, with no
    # join: joining the user row to every entry cost a third of the timeline's read.
    entries = owner.journal_entries.select_related("clip", "room")
    if with_tags:
        entries = entries.prefetch_related("tags")
    if filters.emotion in EMOTIONS:
        entries = entries.filter(emotions__contains=f",{filters.emotion},")
    if filters.kind in Kind.values:
        entries = entries.filter(kind=filters.kind)
    if filters.tag:
        entries = entries.filter(tags__id=filters.tag)
    if filters.with_whom in Company.values:
        entries = entries.filter(with_whom=filters.with_whom)
    if filters.has_clip:
        entries = entries.filter(clip__isnull=False)
    if filters.q.strip():
        entries = entries.filter(pk__in=search_entry_ids(owner=owner, query=filters.q))
    return entries


# The feelings the quick log offers someone who has not named any yet (or named fewer).
QUICK_FEELINGS = ("sad", "overwhelmed", "lonely", "frustrated", "relieved", "moved")
QUICK_FEELINGS_SHOWN = 6
USUAL_LOOKBACK = 50


def usual_emotions(*, owner: User, limit: int = QUICK_FEELINGS_SHOWN) -> list[str]:
    """Up to `limit` emotion keys: those the owner named most in their last 50 entries first
    (ties: most recent first), then the quick log's defaults."""
    recent = Entry.objects.filter(owner=owner).order_by("-when", "-id")[:USUAL_LOOKBACK]
    counts: Counter[str] = Counter()
    for row in recent.values_list("emotions", flat=True):
        counts.update(key for key in row.split(",") if key in EMOTIONS)
    # Counter.most_common keeps first-seen order among ties, and rows come newest first.
    keys = [key for key, _n in counts.most_common(limit)]
    keys += [key for key in QUICK_FEELINGS if key not in keys]
    return keys[:limit]


def recent_entries(*, owner: User, count: int = 10) -> list[Entry]:
    """The owner's last `count` entries, newest first, with their tags and clip."""
    rows = Entry.objects.filter(owner=owner).select_related("owner", "clip")
    return list(rows.prefetch_related("tags").order_by("-when", "-id")[:count])


def search_entry_ids(*, owner: User, query: str) -> QuerySet[EntryWord, int]:
    """Entry ids holding every word of `query`, found through the keyed blind index.

    The words themselves are never stored in the clear: only per-owner HMAC digests are.
    """
    digests = crypto.word_digests(owner.pk, crypto.normalise_words(query))
    if not digests:
        return EntryWord.objects.none().values_list("entry_id", flat=True)
    return (
        EntryWord.objects.filter(owner=owner, digest__in=digests)
        .values("entry_id")
        .annotate(hits=Count("digest", distinct=True))
        .filter(hits=len(digests))
        .values_list("entry_id", flat=True)
    )


def session_entry_get(*, owner: User, room_id: int) -> Entry | None:
    """The owner's entry logged from one rui-katsu session, if they kept one."""
    return Entry.objects.filter(owner=owner, room_id=room_id).first()


def tag_list(*, owner: User) -> list[Tag]:
    return sorted(Tag.objects.filter(owner=owner), key=lambda tag: str(tag.name).casefold())


def attach_tags(*, entries: Iterable[Entry], tags: list[Tag]) -> None:
    """Set each entry's `shown_tags` (in the order of their ids) from `tags`, the owner's own
    already read, with one query of the links alone.

    prefetch_related("tags") read, built and decrypted the same tags again for every page
    (1.8 ms of the timeline's 12). A link to a tag not in `tags` (another owner's) is left out.
    """
    entries = list(entries)
    by_id = {tag.pk: tag for tag in tags}
    links = (
        Entry.tags.through.objects.filter(entry_id__in=[entry.pk for entry in entries])
        .order_by("tag_id")
        .values_list("entry_id", "tag_id")
    )
    shown: defaultdict[int, list[Tag]] = defaultdict(list)
    for entry_id, tag_id in links:
        if tag_id in by_id:
            shown[entry_id].append(by_id[tag_id])
    for entry in entries:
        entry.shown_tags = shown[entry.pk]


def montage_list(*, owner: User) -> QuerySet[MontageJob]:
    return MontageJob.objects.filter(owner=owner)[:10]


# --- Growth stats ----------------------------------------------------------------------------

PERIODS = {"3m": 91, "12m": 365, "all": None}


@dataclass
class Stats:
    period: str
    total: int = 0
    weeks: list[dict[str, object]] = field(default_factory=list)
    months: list[dict[str, object]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    emotions: list[dict[str, object]] = field(default_factory=list)
    families: list[dict[str, object]] = field(default_factory=list)
    first_day: date | None = None  # the period shown, on the owner's clock
    last_day: date | None = None
    relief_by_company: list[dict[str, object]] = field(default_factory=list)
    relief_by_tool: list[dict[str, object]] = field(default_factory=list)
    top_triggers: list[dict[str, object]] = field(default_factory=list)
    insights: list[str] = field(default_factory=list)

    @property
    def kind_names(self) -> list[str]:
        """The kinds of `kinds`, in order, as people read them in the page's language."""
        return [
            _("kind not said") if kind == "unsaid" else str(Kind(kind).label) for kind in self.kinds
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "period": self.period,
            "total": self.total,
            "weeks": self.weeks,
            "months": self.months,
            "kinds": self.kinds,
            "kind_names": self.kind_names,
            "emotions": self.emotions,
            "families": self.families,
            "relief_by_company": self.relief_by_company,
            "relief_by_tool": self.relief_by_tool,
            "top_triggers": self.top_triggers,
            "insights": self.insights,
        }


@dataclass
class _Month:
    intensity: list[int] = field(default_factory=list)
    relief: list[int] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def growth_stats(*, owner: User, period: str = "12m", now: datetime | None = None) -> Stats:
    """Everything the dashboard shows, in two queries whatever the journal's size."""
    period = period if period in PERIODS else "12m"
    now = now or timezone.now()
    entries = Entry.objects.filter(owner=owner)
    days = PERIODS[period]
    if days is not None:
        entries = entries.filter(when__gte=now - timedelta(days=days))
    rows = list(
        entries.order_by("when").values_list(
            "when", "intensity", "relief", "kind", "with_whom", "emotions", "helped"
        )
    )
    stats = Stats(period=period, total=len(rows))
    week_counts: Counter[date] = Counter()
    months: dict[str, _Month] = {}
    emotion_counts: Counter[str] = Counter()
    company: dict[str, Counter[str]] = defaultdict(Counter)
    tools: dict[str, Counter[str]] = defaultdict(Counter)
    for when, intensity, relief, kind, with_whom, emotions, helped in rows:
        local = clock.local_date(when, owner)
        week_counts[_week_start(local)] += 1
        bucket = months.setdefault(local.strftime("%Y-%m"), _Month())
        if intensity:
            bucket.intensity.append(intensity)
        if relief:
            bucket.relief.append(RELIEF_SCORE[relief])
            company[with_whom or "unsaid"][relief] += 1
            for tool in helped.split(","):
                if tool in HELPED:
                    tools[tool][relief] += 1
        bucket.kinds[kind or "unsaid"] += 1
        emotion_counts.update(key for key in emotions.split(",") if key in EMOTIONS)
    stats.weeks = _weeks(week_counts, owner, now, days)
    stats.kinds = [k for k in [*Kind.values, "unsaid"] if any(m.kinds[k] for m in months.values())]
    for key, bucket in months.items():
        stats.months.append(
            {
                "month": key,
                "count": sum(bucket.kinds.values()),
                "intensity": _mean(bucket.intensity),
                "relief": _mean(bucket.relief),
                "kinds": {k: bucket.kinds[k] for k in stats.kinds},
            }
        )
    stats.emotions = [
        {
            "key": key,
            "label": str(EMOTIONS[key][0]),
            "count": count,
            "family": family_of(key),
            "colour": FAMILIES[family_of(key)][1],
        }
        for key, count in emotion_counts.most_common()
    ]
    stats.families = _families(emotion_counts)
    stats.first_day = clock.local_date(now - timedelta(days=days), owner) if days else None
    if days is None and rows:
        stats.first_day = clock.local_date(rows[0][0], owner)
    stats.last_day = clock.local_date(now, owner)
    labels = dict(Company.choices) | {"unsaid": _("not said")}
    for who, counts in sorted(company.items(), key=lambda item: -sum(item[1].values())):
        total = sum(counts.values())
        lighter = counts["lighter"] + counts["much_lighter"]
        stats.relief_by_company.append(
            {
                "with_whom": who,
                "label": str(labels.get(who, who)),
                "total": total,
                **{r: counts[r] for r in Relief.values},
                "lighter_share": round(lighter / total, 2),
            }
        )
    stats.relief_by_tool = _relief_by_tool(tools)
    stats.top_triggers = _top_tags(entries)
    stats.insights = _insights(stats)
    return stats


def _families(counts: Counter[str]) -> list[dict[str, object]]:
    """How often each family of feelings was named, most first (families never named left out)."""
    totals: Counter[str] = Counter()
    for key, count in counts.items():
        totals[family_of(key)] += count
    return [
        {"family": fam, "label": str(FAMILIES[fam][0]), "colour": FAMILIES[fam][1], "count": n}
        for fam, n in totals.most_common()
    ]


YEAR_WEEKS = 53


def _relief_level(scores: list[int], cries: int) -> str:
    """A day's colour key: "none" without a cry, "unsaid" when no relief was noted, else the
    relief its cries averaged (rounded half up): "worse", "same", "lighter", "much_lighter"."""
    if not cries:
        return "none"
    if not scores:
        return "unsaid"
    average = sum(scores) / len(scores)
    return {v: k for k, v in RELIEF_SCORE.items()}[int(average + 0.5)]


@dataclass(frozen=True)
class YearDay:
    date: date
    cries: int
    level: str  # see _relief_level


def year_of_tears(*, owner: User, now: datetime | None = None) -> list[list[YearDay]]:
    """The last 53 weeks on the owner's clock, Monday first, as weeks of days (the current week
    stops at today): each day's date, its cries and its relief level (see `_relief_level`)."""
    now = now or timezone.now()
    today = clock.local_date(now, owner)
    first = _week_start(today) - timedelta(weeks=YEAR_WEEKS - 1)
    since = now - timedelta(days=(today - first).days + 1)  # a day's margin for the zones
    cries: Counter[date] = Counter()
    scores: dict[date, list[int]] = defaultdict(list)
    rows = Entry.objects.filter(owner=owner, when__gte=since).values_list("when", "relief")
    for when, relief in rows:
        day = clock.local_date(when, owner)
        cries[day] += 1
        if relief:
            scores[day].append(RELIEF_SCORE[relief])
    weeks = []
    for week in range(YEAR_WEEKS):
        start = first + timedelta(weeks=week)
        days = [start + timedelta(days=n) for n in range(7)]
        weeks.append(
            [
                YearDay(day, cries[day], _relief_level(scores[day], cries[day]))
                for day in days
                if day <= today
            ]
        )
    return weeks


def _relief_by_tool(tools: dict[str, Counter[str]]) -> list[dict[str, object]]:
    """Per tool used: how the cries it was used with felt afterwards, most helpful first."""
    rows: list[dict[str, object]] = []
    for key, counts in tools.items():
        total = sum(counts.values())
        score = sum(RELIEF_SCORE[r] * n for r, n in counts.items())
        rows.append(
            {
                "tool": key,
                "label": str(HELPED[key]),
                "total": total,
                **{r: counts[r] for r in Relief.values},
                "relief": round(score / total, 2),
                "lighter_share": round((counts["lighter"] + counts["much_lighter"]) / total, 2),
            }
        )
    return sorted(rows, key=lambda row: (-_num(row["relief"]), -_num(row["total"])))


def _weeks(
    counts: Counter[date], owner: User, now: datetime, days: int | None
) -> list[dict[str, object]]:
    """Every week (starting Monday on the owner's clock) of the period, with its count."""
    if not counts:
        return []
    last = _week_start(clock.local_date(now, owner))
    first = (
        min(counts)
        if days is None
        else _week_start(clock.local_date(now - timedelta(days=days), owner))
    )
    weeks = []
    day = first
    while day <= last:
        weeks.append({"week": day.isoformat(), "count": counts[day]})
        day += timedelta(days=7)
    return weeks


def _top_tags(entries: QuerySet[Entry]) -> list[dict[str, object]]:
    through = Entry.tags.through
    rows = (
        through.objects.filter(entry__in=entries)
        .values("tag_id")
        .annotate(count=Count("id"))
        .order_by("-count")[:8]
    )
    counts = {row["tag_id"]: row["count"] for row in rows}
    tags = Tag.objects.filter(pk__in=counts)
    names = {tag.pk: str(tag.name) for tag in tags}
    return [{"tag": names.get(pk, ""), "count": n} for pk, n in counts.items()]


def _num(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _insights(stats: Stats) -> list[str]:
    """Plain, gentle sentences; only say what the numbers clearly show."""
    if stats.total == 0:
        return [
            _("Nothing logged in this period yet. When you log a cry, patterns will show here.")
        ]
    notes = [
        _("You logged %(count)d cries in this period.") % {"count": stats.total}
        if stats.total != 1
        else _("You logged one cry in this period.")
    ]
    rows = stats.relief_by_company
    alone = next((row for row in rows if row["with_whom"] == "alone"), None)
    together = [row for row in rows if row["with_whom"] not in {"alone", "unsaid"}]
    together_total = sum(_num(row["total"]) for row in together)
    if alone and together_total >= 3 and _num(alone["total"]) >= 3:
        lighter = sum(_num(r["lighter_share"]) * _num(r["total"]) for r in together)
        together_share = lighter / together_total
        alone_share = _num(alone["lighter_share"])
        if together_share > alone_share + 0.1:
            notes.append(_("Your cries left you lighter more often when you were with someone."))
        elif alone_share > together_share + 0.1:
            notes.append(_("Your cries left you lighter more often when you were on your own."))
    tool_note = _tool_insight(stats)
    if tool_note:
        notes.append(tool_note)
    relief = [_num(m["relief"]) for m in stats.months if m["relief"] is not None]
    if len(relief) >= 4:
        half = len(relief) // 2
        early = sum(relief[:half]) / half
        late = sum(relief[half:]) / (len(relief) - half)
        if late > early + 0.2:
            notes.append(_("Lately your cries have been leaving you lighter than before."))
    if stats.emotions:
        label = stats.emotions[0]["label"]
        notes.append(_("The feeling you named most often: %(label)s.") % {"label": label})
    return notes


def _tool_insight(stats: Stats) -> str | None:
    """Name the tool after which cries most often left the person lighter, if it clearly stands out.

    Needs at least 3 cries with the tool and 3 without it (relief noted), and a share of lighter
    cries at least 10 points above the cries without it.
    """
    with_relief = sum(_num(row["total"]) for row in stats.relief_by_company)
    lighter_all = sum(
        _num(row["lighter"]) + _num(row["much_lighter"]) for row in stats.relief_by_company
    )
    best: tuple[float, float, str] | None = None
    for row in stats.relief_by_tool:
        total = _num(row["total"])
        lighter = _num(row["lighter"]) + _num(row["much_lighter"])
        others = with_relief - total
        if total < 3 or others < 3:
            continue
        gap = lighter / total - (lighter_all - lighter) / others
        if gap > 0.1 and (best is None or (gap, total) > best[:2]):
            best = (gap, total, str(row["label"]))
    if best is None:
        return None
    return _("Your cries left you lighter more often after %(tool)s.") % {"tool": best[2]}
