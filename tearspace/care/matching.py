"""Matching a person's preferences to the therapist directory.

`match_therapists` is the one entry point: the hard preferences (language, online or in person
and region, insurance or a sliding scale, listed = verified and not suspended) filter in the
database; the soft ones (specialties, approaches, gender, times of the week) rank what is left
in `rank`, a pure function. Every suggestion carries its reasons, and each reason is built only
from the therapist's own profile, so every reason shown is true.
"""

import heapq
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Least
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tearspace.accounts.models import User
from tearspace.care.models import (
    APPROACHES,
    LANGUAGES,
    PARTS,
    SLOTS,
    SPECIALTIES,
    Gender,
    TherapistProfile,
)

MODES = ("either", "online", "in_person")
MATCH_LIMIT = 10
# Weights of the soft preferences: a shared specialty counts most.
SPECIALTY_WEIGHT = 3
APPROACH_WEIGHT = 2
GENDER_WEIGHT = 2
TIME_WEIGHT = 1
TIMES_COUNTED = 3  # more shared times than this add nothing


class PreferencesError(ValueError):
    """Preferences that cannot be matched; the message is safe to show the person."""


def insurer_key(name: str) -> str:
    """The key an insurer is stored under: lower case, words joined by "-"."""
    return "-".join(name.lower().replace(",", " ").split())[:40]


def insurer_label(key: str) -> str:
    return key.replace("-", " ").title()


@dataclass(frozen=True)
class Preferences:
    """What a person asked for. Hard: language, mode, region, insurer / sliding scale.

    `mode` is "online", "in_person" or "either"; `region` a licence region ("US-NY", "" for
    any); `insurer` an insurer key ("" when paying themselves); `sliding_scale_ok` lets a
    therapist with a sliding scale stand in for insurance. Soft: `specialties`, `approaches`
    (keys of SPECIALTIES / APPROACHES), `gender` (a Gender value or ""), `times` (SLOTS keys,
    "<day>_<part>", each side read in their own time zone).
    """

    language: str = "en"
    mode: str = "either"
    region: str = ""
    insurer: str = ""
    sliding_scale_ok: bool = False
    specialties: tuple[str, ...] = ()
    approaches: tuple[str, ...] = ()
    gender: str = ""
    times: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise PreferencesError(_("Choose a language from the list."))
        if self.mode not in MODES:
            raise PreferencesError(_("Choose online, in person, or either."))
        if self.mode == "in_person" and not self.region:
            raise PreferencesError(_("Say where you are, so we can find someone near you."))
        if self.gender and self.gender not in Gender.values:
            raise PreferencesError(_("Choose a gender from the list, or no preference."))
        for keys, known in (
            (self.specialties, SPECIALTIES),
            (self.approaches, APPROACHES),
            (self.times, SLOTS),
        ):
            if any(key not in known for key in keys):
                raise PreferencesError(_("One of the choices is not on the list."))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Preferences":
        """Read stored or posted preferences; raises PreferencesError on anything unknown."""
        known = set(cls.__dataclass_fields__)
        values = {key: value for key, value in data.items() if key in known}
        for name in ("specialties", "approaches", "times"):
            values[name] = tuple(values.get(name) or ())
        values["region"] = str(values.get("region") or "").strip().upper()[:20]
        values["insurer"] = insurer_key(str(values.get("insurer") or ""))
        return cls(**values)


@dataclass(frozen=True)
class Match:
    """One suggestion: the therapist, the rank score and the reasons, each one true."""

    therapist_id: int
    name: str
    score: int
    reasons: tuple[str, ...] = field(default=())


# The profile columns `rank` reads, in this order.
COLUMNS = (
    "pk",
    "display_name",
    "gender",
    "specialties",
    "approaches",
    "availability",
    "online",
    "in_person",
    "location",
    "insurers",
    "sliding_scale",
)


def listed() -> QuerySet[TherapistProfile]:
    """Therapists anyone may find: verified, not suspended, with an active account."""
    # Closed accounts are few: leaving them out by a small subquery spares a join with every
    # account on each search.
    closed = User.objects.filter(is_active=False).values("pk")
    return TherapistProfile.objects.filter(verified_at__isnull=False, suspended=False).exclude(
        user_id__in=closed
    )


def hard_filter(prefs: Preferences, *, exclude: Iterable[int] = ()) -> QuerySet[TherapistProfile]:
    """The listed therapists who meet every hard preference, as one query."""
    found = listed().filter(languages__contains=f",{prefs.language},")
    if prefs.mode == "online":
        found = found.filter(online=True)
    elif prefs.mode == "in_person":
        found = found.filter(in_person=True)
    if prefs.region:
        found = found.filter(region=prefs.region)
    if prefs.insurer:
        takes = Q(insurers__contains=f",{prefs.insurer},")
        found = found.filter(takes | Q(sliding_scale=True) if prefs.sliding_scale_ok else takes)
    elif prefs.sliding_scale_ok:
        found = found.filter(sliding_scale=True)
    excluded = list(exclude)
    return found.exclude(pk__in=excluded) if excluded else found


def _times_reason(shared: list[str], mode: str) -> str:
    parts = sorted({slot.split("_", 1)[1] for slot in shared}, key=list(PARTS).index)
    times = str(PARTS[parts[0]])
    for part in parts[1:]:
        # Translators: joins parts of the day a therapist is free ("mornings and evenings").
        times = pgettext("parts of the day", "%(first)s and %(second)s") % {
            "first": times,
            "second": PARTS[part],
        }
    if mode == "online":
        return _("has %(times)s free when you asked online") % {"times": times}
    if mode == "in_person":
        return _("has %(times)s free when you asked in person") % {"times": times}
    return _("has %(times)s free when you asked") % {"times": times}


def rank_one(prefs: Preferences, row: tuple[Any, ...]) -> Match:
    """Score one profile row (COLUMNS) against the soft preferences, with its reasons."""
    pk, name, gender, specialties, approaches, availability, online, in_person, location = row[:9]
    insurers, sliding = row[9], row[10]
    # Translators: each reason completes "This therapist …", shown under a suggested match.
    reasons = [_("speaks %(language)s") % {"language": LANGUAGES[prefs.language]}]
    score = 0
    for key in prefs.specialties:
        if f",{key}," in specialties:
            reasons.append(_("specialises in %(topic)s") % {"topic": SPECIALTIES[key]})
            score += SPECIALTY_WEIGHT
    for key in prefs.approaches:
        if f",{key}," in approaches:
            reasons.append(_("works with %(approach)s") % {"approach": APPROACHES[key]})
            score += APPROACH_WEIGHT
    if prefs.gender and gender == prefs.gender:
        reasons.append(_("is %(gender)s, as you asked") % {"gender": Gender(gender).label})
        score += GENDER_WEIGHT
    shared = [slot for slot in prefs.times if f",{slot}," in availability]
    if shared:
        reasons.append(_times_reason(shared, prefs.mode))
        score += TIME_WEIGHT * min(len(shared), TIMES_COUNTED)
    if prefs.insurer and f",{prefs.insurer}," in insurers:
        reasons.append(
            _("takes your insurance (%(insurer)s)") % {"insurer": insurer_label(prefs.insurer)}
        )
    elif (prefs.insurer or prefs.sliding_scale_ok) and sliding:
        reasons.append(_("offers a sliding scale"))
    if prefs.mode != "online" and in_person and location:
        reasons.append(_("sees people in person in %(place)s") % {"place": location})
    elif prefs.mode != "in_person" and online:
        reasons.append(_("sees people online"))
    return Match(therapist_id=pk, name=name, score=score, reasons=tuple(reasons))


def rank(
    prefs: Preferences, rows: Iterable[tuple[Any, ...]], *, limit: int = MATCH_LIMIT
) -> list[Match]:
    """The best `limit` rows for `prefs`: highest score first, then the longest listed (lowest
    id), as `match_therapists` orders them."""
    matches = (rank_one(prefs, row) for row in rows)
    return heapq.nsmallest(limit, matches, key=lambda m: (-m.score, m.therapist_id))


def _has(column: str, key: str, weight: int) -> Case:
    return Case(
        When(**{f"{column}__contains": f",{key},"}, then=Value(weight)),
        default=Value(0),
        output_field=IntegerField(),
    )


def score_expression(prefs: Preferences) -> Combinable:
    """The same score as `rank_one`, as one SQL expression over a profile row."""
    parts: list[Combinable] = [_has("specialties", k, SPECIALTY_WEIGHT) for k in prefs.specialties]
    parts += [_has("approaches", k, APPROACH_WEIGHT) for k in prefs.approaches]
    if prefs.gender:
        parts.append(
            Case(
                When(gender=prefs.gender, then=Value(GENDER_WEIGHT)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    if prefs.times:
        shared: Combinable = Value(0)
        for slot in prefs.times:
            shared = shared + _has("availability", slot, 1)
        parts.append(Least(shared, Value(TIMES_COUNTED)) * Value(TIME_WEIGHT))
    total: Combinable = Value(0, output_field=IntegerField())
    for part in parts:
        total = total + part
    return total


def match_therapists(
    prefs: Preferences, *, exclude: Iterable[int] = (), limit: int = MATCH_LIMIT
) -> list[Match]:
    """Ranked suggestions for `prefs`: highest score first, then the longest listed (lowest id).

    One query whatever the directory's size: the hard preferences filter and the soft ones
    score and order in the database, so only `limit` rows leave it; its cost grows linearly
    with the number of therapists who pass the hard filter. `exclude` are therapist ids not to
    suggest (already asked). Each match is scored again by `rank_one`, which gives its reasons.
    """
    rows = (
        hard_filter(prefs, exclude=exclude)
        .annotate(rank_score=score_expression(prefs))
        .order_by("-rank_score", "pk")
        .values_list(*COLUMNS)[:limit]
    )
    return [rank_one(prefs, row) for row in rows]
