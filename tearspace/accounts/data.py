"""The person owns their data: every app plugs its part into export and delete here.

An app registers a `DataContributor` from its `AppConfig.ready()`. Export gathers each
contributor's JSON and files; delete asks each contributor to remove what the database cascade
cannot (files on disk or in object storage) before the account row and its cascade go.
"""

import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from tearspace.accounts.models import User

ExportFiles = Callable[[User], Iterable[tuple[str, bytes]]]


@dataclass(frozen=True)
class DataContributor:
    name: str
    export: Callable[[User], object]
    files: ExportFiles | None = None
    delete: Callable[[User], None] | None = None


_contributors: dict[str, DataContributor] = {}


def register(contributor: DataContributor) -> None:
    _contributors[contributor.name] = contributor


def contributors() -> list[DataContributor]:
    return list(_contributors.values())


def export_data(user: User) -> dict[str, object]:
    """Return everything Tearspace holds about `user`, as JSON-ready data."""
    data: dict[str, object] = {
        "format": "tearspace-export/1",
        "exported_at": timezone.now().isoformat(),
    }
    for contributor in contributors():
        data[contributor.name] = contributor.export(user)
    return data


def export_archive(user: User) -> bytes:
    """Return a zip with `data.json` and every file the person owns (clips, montages)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(export_data(user), indent=2, ensure_ascii=False))
        for contributor in contributors():
            if contributor.files is None:
                continue
            for name, content in contributor.files(user):
                archive.writestr(f"{contributor.name}/{name}", content)
    return buffer.getvalue()
