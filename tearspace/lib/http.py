"""The one way the app answers with a stored file: byte ranges for players, sealed files opened.

Media players seek with `Range` requests, so every clip and montage is served through here,
whether stored plainly (room clips) or sealed at rest (journal clips and montages, decrypted
chunk by chunk so a seek opens only the chunks it needs).

The range parsing is our own because nothing pinned offers it as an API: Django 6.1's
FileResponse and django.views.static always send the whole file, WhiteNoise parses ranges only
inside its static-file responder (and answers 416 to a one-byte range), and Werkzeug arrives
only as a test tool's dependency.
"""

import mimetypes
import re
from collections.abc import Callable, Iterator
from typing import IO

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from tearspace.core.validators import attachment_header, safe_media_type
from tearspace.lib import crypto

CHUNK = 64 * 1024
_SPEC = re.compile(r"([0-9]*)-([0-9]*)")


class RangeNotSatisfiable(Exception):
    """No range the request asks for lies inside the file."""


def requested_range(header: str, *, size: int) -> tuple[int, int] | None:
    """Return the (first, last) byte positions, both included, that a Range header asks for.

    None means "send the whole file" (RFC 9110 §14.2 lets a server ignore Range): no header,
    another unit, a malformed header, an empty file, or several ranges of which more than one
    lies in the file (players never ask for several; we send no multipart answers). A suffix
    longer than the file means the whole file, as a range. Raises RangeNotSatisfiable when no
    asked-for range starts inside a file of `size` bytes.
    """
    unit, equals, specs = header.partition("=")
    if not equals or unit.strip(" \t").lower() != "bytes" or size == 0:
        return None
    # A list may hold empty elements (RFC 9110 §5.6.1.2): they are skipped, not an error.
    asked = [spec.strip(" \t") for spec in specs.split(",") if spec.strip(" \t")]
    inside: list[tuple[int, int]] = []
    for spec in asked:
        match = _SPEC.fullmatch(spec)
        if match is None or match.group(1) == match.group(2) == "":
            return None
        try:  # Python refuses numbers of more than 4,300 digits: such a header is malformed
            first, last = (int(part) if part else None for part in match.groups())
        except ValueError:
            return None
        if first is None:
            assert last is not None
            if last > 0:
                inside.append((max(size - last, 0), size - 1))
        elif last is not None and last < first:
            return None
        elif first < size:
            inside.append((first, size - 1 if last is None else min(last, size - 1)))
    if asked and not inside:
        raise RangeNotSatisfiable
    return inside[0] if len(inside) == 1 else None


def file_gone() -> HttpResponse:
    """Answer 410 with a kind note for a stored file missing from storage (clips, montages)."""
    return HttpResponse(
        _("We're sorry: this recording is no longer stored here. The rest is safe."),
        status=410,
        content_type="text/plain; charset=utf-8",
    )


def _ranged(
    request: HttpRequest,
    *,
    size: int,
    read: Callable[[int, int], Iterator[bytes]],
    close: Callable[[], None],
    content_type: str,
    filename: str | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """Answer 200, 206 or 416 for a file of `size` bytes; `read(first, last)` yields the bytes.

    `close` releases the file once the body is sent, or at once when nothing is sent.
    """
    try:
        wanted = requested_range(request.headers.get("Range", ""), size=size)
    except RangeNotSatisfiable:
        close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    first, last = wanted or (0, size - 1)

    def body() -> Iterator[bytes]:
        try:
            if size:
                yield from read(first, last)
        finally:
            close()

    response = StreamingHttpResponse(
        body(), content_type=content_type, status=206 if wanted else 200
    )
    response["Content-Length"] = str(last - first + 1 if size else 0)
    response["Accept-Ranges"] = "bytes"
    # Clips are private: no shared cache may keep them, and the browser need not either.
    response["Cache-Control"] = "private, no-store"
    if wanted:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    if filename:
        response["Content-Disposition"] = attachment_header(filename, fallback="tearspace-file")
    return response


def _read_plain(handle: IO[bytes]) -> Callable[[int, int], Iterator[bytes]]:
    def read(first: int, last: int) -> Iterator[bytes]:
        handle.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk

    return read


def stored_file_response(
    request: HttpRequest, *, file: FieldFile
) -> HttpResponse | StreamingHttpResponse:
    """Serve a plain stored file, typed by its name, honouring a Range header.

    The caller has checked that the name says audio or video. A file missing from storage
    answers 410 with a kind note.
    """
    name = file.name or ""
    try:
        size = file.storage.size(name)
        handle = file.storage.open(name, "rb")
    except FileNotFoundError:
        return file_gone()
    return _ranged(
        request,
        size=size,
        read=_read_plain(handle),
        close=handle.close,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )


def sealed_file_response(
    request: HttpRequest, *, path: str, content_type: str, filename: str | None = None
) -> HttpResponse | StreamingHttpResponse:
    """Serve a file sealed by tearspace.lib.crypto, decrypting only the chunks a range needs.

    `filename` makes it a download under that name. A file missing from storage answers 410
    with a kind note; one no configured key opens raises Http404. A stored type that is not a
    safe audio or video type (older rows) is sent as application/octet-stream.
    """
    try:
        handle = default_storage.open(path, "rb")
    except FileNotFoundError:
        return file_gone()
    try:
        reader = crypto.ClipReader(handle)
    except crypto.ClipDecryptionError:
        handle.close()
        raise Http404 from None
    return _ranged(
        request,
        size=reader.size,
        read=reader.iter_range,
        close=handle.close,
        content_type=safe_media_type(content_type),
        filename=filename,
    )
