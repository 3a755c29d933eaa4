"""Importing therapists from a CSV file (operators): all or nothing, with a per-row report.

Every row is checked before any is written. If any row is wrong, nothing is imported and the
report names each wrong row and why; otherwise every row is imported in one transaction, as
new therapist accounts with verified, listed profiles. Each row names the therapist's email
address: an imported account has no password, so the therapist signs in for the first time
through "Forgot your password?" (which writes to that address), then sets up the second factor
their role needs.
"""

import csv
import io
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from tearspace.accounts.handles import canonical_handle
from tearspace.accounts.models import Role, User, time_zone_names
from tearspace.care.matching import insurer_key
from tearspace.care.models import (
    APPROACHES,
    LANGUAGES,
    SLOTS,
    SPECIALTIES,
    Gender,
    TherapistProfile,
    joined_keys,
)
from tearspace.core.validators import text_problem

COLUMNS = (
    "handle",
    "email",
    "name",
    "licence_type",
    "licence_number",
    "region",
    "gender",
    "specialties",
    "approaches",
    "languages",
    "online",
    "in_person",
    "location",
    "insurers",
    "sliding_scale",
    "availability",
    "time_zone",
    "note",
)
REQUIRED = ("handle", "email", "name", "licence_type", "licence_number", "region", "languages")
MAX_ROWS = 5000
MAX_BYTES = 2_000_000
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, why)


def _keys(value: str, known: Mapping[str, object] | tuple[str, ...], what: str) -> list[str]:
    keys = [part.strip().lower() for part in value.replace(";", "|").split("|") if part.strip()]
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValueError(
            _("%(column)s: unknown %(values)s") % {"column": what, "values": ", ".join(unknown)}
        )
    return keys


def _flag(value: str, what: str) -> bool:
    value = value.strip().lower()
    if value not in YES | NO:
        raise ValueError(_("%(column)s: write yes or no") % {"column": what})
    return value in YES


def _row_profile(row: dict[str, str]) -> tuple[str, TherapistProfile]:
    """Read one row into an unsaved profile and its handle; raise ValueError saying why not."""
    missing = [name for name in REQUIRED if not (row.get(name) or "").strip()]
    if missing:
        raise ValueError(_("missing %(columns)s") % {"columns": ", ".join(missing)})
    problem = text_problem(list(row.values()))
    if problem is not None:
        raise ValueError(str(problem))
    gender = (row.get("gender") or "").strip().lower()
    if gender and gender not in Gender.values:
        raise ValueError(
            _("gender: write one of %(values)s or leave it empty")
            % {"values": ", ".join(Gender.values)}
        )
    zone = (row.get("time_zone") or "UTC").strip()
    if zone not in time_zone_names():
        raise ValueError(_("time_zone: %(zone)s is not a known time zone") % {"zone": zone})
    online = _flag(row.get("online") or "yes", "online")
    in_person = _flag(row.get("in_person") or "", "in_person")
    if not (online or in_person):
        raise ValueError(_("online or in_person must be yes"))
    profile = TherapistProfile(
        display_name=row["name"].strip()[:80],
        licence_type=row["licence_type"].strip()[:60],
        licence_number=row["licence_number"].strip()[:40],
        region=row["region"].strip().upper()[:20],
        gender=gender,
        specialties=joined_keys(_keys(row.get("specialties") or "", SPECIALTIES, "specialties")),
        approaches=joined_keys(_keys(row.get("approaches") or "", APPROACHES, "approaches")),
        languages=joined_keys(_keys(row["languages"], LANGUAGES, "languages")),
        online=online,
        in_person=in_person,
        location=(row.get("location") or "").strip()[:120],
        insurers=joined_keys(
            [insurer_key(i) for i in (row.get("insurers") or "").split("|") if i.strip()]
        ),
        sliding_scale=_flag(row.get("sliding_scale") or "", "sliding_scale"),
        availability=joined_keys(_keys(row.get("availability") or "", SLOTS, "availability")),
        time_zone=zone,
        note=(row.get("note") or "").strip()[:600],
    )
    return row["handle"].strip(), profile


@dataclass(frozen=True)
class ReadyRow:
    """A checked row: the new account's handle and email, and its unsaved profile."""

    handle: str
    email: str
    profile: TherapistProfile


def _email(row: dict[str, str]) -> str:
    email = row["email"].strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValueError(
            _("email: %(email)s is not an email address") % {"email": email}
        ) from error
    return email


def _taken(rows: list[dict[str, str]]) -> tuple[set[str], set[str]]:
    """The file's handle keys and (lower-case) email addresses that accounts already use, in
    three queries for the whole file rather than three a row."""
    keys = {
        canonical_handle(handle.strip()) for r in rows if isinstance(handle := r.get("handle"), str)
    }
    emails = {email.strip().lower() for r in rows if isinstance(email := r.get("email"), str)}
    used_keys = set(User.objects.filter(handle_key__in=keys).values_list("handle_key", flat=True))
    used_emails: set[str] = set()
    for model in (User, EmailAddress):
        found = model.objects.annotate(address=Lower("email")).filter(address__in=emails)
        used_emails.update(found.values_list("address", flat=True))
    return used_keys, used_emails


def check_rows(text: str) -> tuple[list[ReadyRow], ImportReport]:
    """Read every row; return the ready ones and a report of the wrong ones (row 2 = first)."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    unknown = set(reader.fieldnames or ()) - set(COLUMNS)
    if not reader.fieldnames or not set(REQUIRED) <= set(reader.fieldnames):
        report.errors.append(
            (
                1,
                _("the first line must name the columns: %(columns)s")
                % {"columns": ", ".join(COLUMNS)},
            )
        )
        return [], report
    if unknown:
        report.errors.append(
            (1, _("unknown columns: %(columns)s") % {"columns": ", ".join(sorted(unknown))})
        )
        return [], report
    ready: list[ReadyRow] = []
    seen: set[str] = set()
    seen_emails: set[str] = set()
    rows = list(itertools.islice(reader, MAX_ROWS + 1))
    taken_keys, taken_emails = _taken(rows)
    for number, row in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            report.errors.append(
                (number, _("at most %(count)d rows at once") % {"count": MAX_ROWS})
            )
            break
        try:
            if None in row:
                raise ValueError(_("more values than columns"))
            handle, profile = _row_profile(row)
            email = _email(row)
            key = canonical_handle(handle)
            if key in seen or key in taken_keys:
                raise ValueError(_("handle: %(handle)s is taken") % {"handle": handle})
            User(username=handle).clean_fields(exclude=["password"])
            seen.add(key)
            if email in seen_emails or email in taken_emails:
                raise ValueError(_("email: %(email)s is taken") % {"email": email})
            seen_emails.add(email)
            ready.append(ReadyRow(handle, email, profile))
        except (ValueError, ValidationError) as error:
            why = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            report.errors.append((number, why))
    return ready, report


def do_import_therapists(*, text: str, operator: User) -> ImportReport:
    """Import every row, or none when any row is wrong (the report says which and why)."""
    if len(text.encode()) > MAX_BYTES:
        return ImportReport(errors=[(0, _("the file is too large (2 MB at most)"))])
    ready, report = check_rows(text)
    if report.errors or not ready:
        if not ready and not report.errors:
            report.errors.append((0, _("the file has no rows")))
        return report
    now = timezone.now()
    with transaction.atomic():
        for row in ready:
            profile = row.profile
            user = User(
                username=row.handle,
                email=row.email,
                role=Role.THERAPIST,
                time_zone=profile.time_zone,
            )
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=row.email, primary=True, verified=False)
            profile.user = user
            profile.verified_at, profile.verified_by = now, operator
            profile.save()
    report.imported = len(ready)
    return report
