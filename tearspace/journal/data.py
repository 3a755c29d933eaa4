"""The journal's part of the account export and delete, and reading an export back."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from tearspace.accounts.models import User
from tearspace.core.validators import BadInput, parse_json, read_archive
from tearspace.journal.actions import read_clip
from tearspace.journal.models import Clip, Entry


def export_journal(user: User) -> dict[str, object]:
    entries = (
        Entry.objects.filter(owner=user)
        .select_related("owner", "clip")
        .prefetch_related("tags")
        .order_by("when")
    )
    return {"format": "tearspace-journal/1", "entries": [entry.to_dict() for entry in entries]}


def journal_files(user: User) -> Iterator[tuple[str, bytes]]:
    for clip in Clip.objects.filter(owner=user).iterator():
        try:
            yield f"clips/{clip.entry_id}.{clip.extension}", read_clip(clip)
        except Exception:  # noqa: S112 - an unreadable clip must not stop the person's export
            continue


def read_export(raw: bytes) -> tuple[Any, dict[str, bytes]]:
    """Return (export data, clip files by export name) from a data.json or the export zip.

    Raises BadInput (a reason to show) for a damaged or oversized zip, a zip without data.json,
    or text that is not JSON or holds what cannot be stored.
    """
    if raw[:2] != b"PK":
        return parse_json(raw), {}
    members = read_archive(raw)
    if "data.json" not in members:
        raise BadInput(_("That zip has no data.json. Is it a Tearspace export?"))
    files = {
        name.removeprefix("journal/"): content
        for name, content in members.items()
        if name.startswith("journal/clips/")
    }
    return parse_json(members["data.json"]), files
