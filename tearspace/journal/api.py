"""The journal over JSON: the same access, actions and selectors as the pages."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, UploadedFile
from pydantic import Field

from tearspace.accounts.access import signed_in_user
from tearspace.accounts.auth import api_auth
from tearspace.accounts.clock import LocalDateTime
from tearspace.core.idempotency import BadClientKey, client_key_from
from tearspace.core.validators import Day
from tearspace.journal.access import (
    access_clip_by_entry_id,
    access_entry_by_id,
    access_montage_by_id,
)
from tearspace.journal.actions import (
    ClipRejected,
    ClipUpload,
    Saved,
    clip_max_bytes,
    do_attach_clip,
    do_cancel_montage,
    do_delete_entry,
    do_log_entry,
    do_remove_clip,
    do_start_montage,
    do_update_entry,
)
from tearspace.journal.models import MontageStatus
from tearspace.journal.selectors import TimelineFilters, entry_list, growth_stats, montage_list
from tearspace.lib.api import Problem
from tearspace.lib.http import sealed_file_response
from tearspace.lib.paging import PageNumber

router = Router(tags=["journal"], auth=api_auth)


class EntryIn(Schema):
    when: LocalDateTime | None = None
    duration_minutes: Annotated[int, Field(ge=0, le=24 * 60)] | None = None
    intensity: Annotated[int, Field(ge=1, le=5)] | None = None
    emotions: list[str] = []
    emotion_words: str = ""
    kind: str = ""
    trigger: str = ""
    tags: list[str] = []
    place: str = ""
    with_whom: str = ""
    relief: str = ""
    helped: list[str] = []
    notes: str = ""


class EntryPatch(Schema):
    when: LocalDateTime | None = None
    duration_minutes: Annotated[int, Field(ge=0, le=24 * 60)] | None = None
    intensity: Annotated[int, Field(ge=1, le=5)] | None = None
    emotions: list[str] | None = None
    emotion_words: str | None = None
    kind: str | None = None
    trigger: str | None = None
    tags: list[str] | None = None
    place: str | None = None
    with_whom: str | None = None
    relief: str | None = None
    helped: list[str] | None = None
    notes: str | None = None


class MontageIn(Schema):
    start: Day
    end: Day


def _saved(saved: Saved) -> dict[str, Any]:
    return {
        **saved.entry.to_dict(),
        "show_help": bool(saved.screening and saved.screening.show_help),
    }


def _problem(error: ValidationError) -> dict[str, str]:
    return {"detail": "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())}


@router.get("/entries")
def list_entries(
    request: HttpRequest,
    q: str = "",
    emotion: str = "",
    kind: str = "",
    tag: int | None = None,
    with_whom: str = "",
    has_clip: bool = False,
    page: PageNumber = 1,
) -> dict[str, Any]:
    """My entries, newest first, 20 a page, with the same filters and search as the timeline."""
    filters = TimelineFilters(
        emotion=emotion, kind=kind, tag=tag, with_whom=with_whom, has_clip=has_clip, q=q
    )
    found = Paginator(entry_list(owner=signed_in_user(request), filters=filters), 20).get_page(page)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "entries": [entry.to_dict() for entry in found],
    }


@router.post("/entries", response={201: dict[str, Any], 400: Problem})
def create_entry(request: HttpRequest, payload: EntryIn) -> tuple[int, dict[str, Any]]:
    """Log a cry. Send an `Idempotency-Key` header (8-64 letters, digits, - or _; a UUID) and
    a retry with the same key answers with the entry the first request made, saving nothing."""
    fields = payload.dict(exclude={"tags"})
    try:
        saved = do_log_entry(
            owner=signed_in_user(request),
            fields=fields,
            tag_names=payload.tags,
            client_key=client_key_from(request),
        )
    except ValidationError as error:
        return 400, _problem(error)
    except BadClientKey as error:
        return 400, {"detail": str(error)}
    return 201, _saved(saved)


@router.get("/entries/{id:entry_id}")
def get_entry(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    return access_entry_by_id(request.user, entry_id).to_dict()


@router.patch("/entries/{id:entry_id}", response={200: dict[str, Any], 400: Problem})
def update_entry(
    request: HttpRequest, entry_id: int, payload: EntryPatch
) -> tuple[int, dict[str, Any]]:
    entry = access_entry_by_id(request.user, entry_id)
    fields = payload.dict(exclude_unset=True, exclude={"tags"})
    try:
        saved = do_update_entry(entry=entry, fields=fields, tag_names=payload.tags)
    except ValidationError as error:
        return 400, _problem(error)
    return 200, _saved(saved)


@router.delete("/entries/{id:entry_id}", response={204: None})
def delete_entry(request: HttpRequest, entry_id: int) -> tuple[int, None]:
    do_delete_entry(entry=access_entry_by_id(request.user, entry_id))
    return 204, None


@router.post("/entries/{id:entry_id}/clip", response={201: dict[str, Any], 400: Problem})
def upload_clip(
    request: HttpRequest, entry_id: int, file: File[UploadedFile]
) -> tuple[int, dict[str, Any]]:
    entry = access_entry_by_id(request.user, entry_id)
    if file.size and file.size > clip_max_bytes():
        return 400, {
            "detail": _("That clip is too big. Clips can be up to %(size)s MB.")
            % {"size": clip_max_bytes() // 1048576}
        }
    try:
        clip = do_attach_clip(entry=entry, upload=ClipUpload(file.read(), file.content_type or ""))
    except ClipRejected as error:
        return 400, {"detail": str(error)}
    return 201, clip.to_dict()


@router.get("/entries/{id:entry_id}/clip")
def stream_clip(request: HttpRequest, entry_id: int) -> HttpResponseBase:
    """The clip itself; send a Range header to seek."""
    clip = access_clip_by_entry_id(request.user, entry_id)
    return sealed_file_response(request, path=clip.path, content_type=clip.content_type)


@router.delete("/entries/{id:entry_id}/clip", response={204: None})
def delete_clip(request: HttpRequest, entry_id: int) -> tuple[int, None]:
    do_remove_clip(clip=access_clip_by_entry_id(request.user, entry_id))
    return 204, None


@router.get("/stats")
def stats(request: HttpRequest, period: str = "12m") -> dict[str, object]:
    """The growth dashboard's numbers; period is 3m, 12m or all."""
    return growth_stats(owner=signed_in_user(request), period=period).to_dict()


@router.get("/montages")
def list_montages(request: HttpRequest) -> list[dict[str, object]]:
    return [job.to_dict() for job in montage_list(owner=signed_in_user(request))]


@router.post("/montages", response={202: dict[str, Any], 400: Problem})
def start_montage(request: HttpRequest, payload: MontageIn) -> tuple[int, dict[str, Any]]:
    """Start a montage of your clips from `start` to `end` (dates on your own clock, included).
    An `Idempotency-Key` header makes a retry answer with the montage already started."""
    if payload.start > payload.end:
        return 400, {"detail": _("The start needs to be on or before the end.")}
    try:
        key = client_key_from(request)
    except BadClientKey as error:
        return 400, {"detail": str(error)}
    job = do_start_montage(
        owner=signed_in_user(request), start=payload.start, end=payload.end, client_key=key
    )
    return 202, job.to_dict()


@router.get("/montages/{montage_id}")
def get_montage(request: HttpRequest, montage_id: str) -> dict[str, object]:
    return access_montage_by_id(request.user, montage_id).to_dict()


@router.post("/montages/{montage_id}/cancel")
def cancel_montage(request: HttpRequest, montage_id: str) -> dict[str, object]:
    return do_cancel_montage(job=access_montage_by_id(request.user, montage_id)).to_dict()


@router.get("/montages/{montage_id}/download", response={200: None, 409: Problem})
def download_montage(
    request: HttpRequest, montage_id: str
) -> HttpResponseBase | tuple[int, dict[str, str]]:
    job = access_montage_by_id(request.user, montage_id)
    if job.status != MontageStatus.DONE or not job.path:
        return 409, {"detail": _("The montage is not ready.")}
    return sealed_file_response(
        request,
        path=job.path,
        content_type="video/mp4",
        filename=f"tearspace-montage-{job.start}-{job.end}.mp4",
    )
