"""The journal's part of the account export and delete, and reading an export back."""

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from tearspace.accounts.models import User
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


def read_export(raw: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Return (journal data, clip files by export name) from a data.json or the export zip."""
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            data = json.loads(archive.read("data.json"))
            files = {
                name.removeprefix("journal/"): archive.read(name)
                for name in archive.namelist()
                if name.startswith("journal/clips/")
            }
        return data, files
    return json.loads(raw.decode("utf-8")), {}
