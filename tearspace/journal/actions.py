"""Every write to the journal. Text a person writes is screened here, and saved as written."""

import contextlib
import io
import re
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import imageio_ffmpeg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
)
from pydantic import ValidationError as PydanticValidationError

from tearspace.accounts import clock
from tearspace.accounts.models import User
from tearspace.core.fields import reseal_private_rows
from tearspace.core.idempotency import create_once
from tearspace.core.validators import MAX_ID, BadInput, date_problem, media_type
from tearspace.journal.models import (
    EMOTIONS,
    HELPED,
    Clip,
    Company,
    Entry,
    EntryWord,
    Kind,
    MontageJob,
    MontageStatus,
    Place,
    Relief,
    Tag,
)
from tearspace.journal.tasks import render_montage
from tearspace.lib import crypto
from tearspace.lib.storage import removed_unless_kept
from tearspace.safety.screening import Screening, earlier_screening, screen_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

JOURNAL_KIND = "journal_entry"  # what screening records of an entry's words are filed under
ENTRY_FIELDS = (
    "when",
    "duration_minutes",
    "intensity",
    "emotion_words",
    "kind",
    "trigger",
    "place",
    "with_whom",
    "relief",
    "notes",
)
# Lazy: read at import, shown in each page's language (they label the form's fields).
REFLECTION_PROMPTS: "dict[str, StrOrPromise]" = {
    "expressing_or_protesting": gettext_lazy(
        "Was this cry expressing a feeling, or protesting a situation?"
    ),
    "lighter": gettext_lazy("Did you feel lighter afterwards?"),
    "share_with": gettext_lazy("Who could you share this with?"),
    "quiet_minute": gettext_lazy("Would a quiet minute help now?"),
}


def clip_max_bytes() -> int:
    return int(getattr(settings, "JOURNAL_CLIP_MAX_BYTES", 30 * 1024 * 1024))


def clip_max_seconds() -> int:
    return int(getattr(settings, "JOURNAL_CLIP_MAX_SECONDS", 300))


class ClipRejected(BadInput):
    """A clip we will not keep; the message is shown to the person as it is."""


# --- Entries ---------------------------------------------------------------------------------


def _join_emotions(keys: Iterable[str]) -> str:
    chosen = [key for key in EMOTIONS if key in set(keys)]
    return f",{','.join(chosen)}," if chosen else ""


def _join_helped(keys: Iterable[str]) -> str:
    chosen = [key for key in HELPED if key in set(keys)]
    return f",{','.join(chosen)}," if chosen else ""


def _tag_digest(owner_id: int, name: str) -> str:
    return next(iter(crypto.word_digests(owner_id, {" ".join(name.casefold().split())})))


def _tags_for(owner: User, names: Iterable[str]) -> list[Tag]:
    tags: list[Tag] = []
    for raw in names:
        name = " ".join(raw.split())[:60]
        if not name:
            continue
        digest = _tag_digest(owner.pk, name)
        tag, _created = Tag.objects.get_or_create(
            owner=owner, digest=digest, defaults={"name": name}
        )
        if tag not in tags:
            tags.append(tag)
    return tags


def _index_entry(entry: Entry, tags: list[Tag]) -> None:
    texts = [entry.notes or "", entry.trigger or "", entry.emotion_words or ""]
    texts += [str(tag.name) for tag in tags]
    texts += entry.emotion_labels
    if entry.kind:
        texts.append(entry.kind)
    texts += [str(v) for v in (entry.reflection or {}).values() if isinstance(v, str)]
    words = crypto.normalise_words(" ".join(texts))
    EntryWord.objects.filter(entry=entry).delete()
    EntryWord.objects.bulk_create(
        EntryWord(owner_id=entry.owner_id, entry=entry, digest=digest)
        for digest in crypto.word_digests(entry.owner_id, words)
    )


@dataclass(frozen=True)
class Screened:
    """Words the caller has already screened in its own action, and what screening said.

    A room's "how did it feel?" is screened by the room; when it becomes an entry's notes the
    journal leaves those exact words out, so they are never screened or escalated twice.
    """

    text: str
    screening: Screening | None


def _screen(
    entry: Entry, texts: Iterable[str], already: Screened | None = None
) -> Screening | None:
    fresh = [text for text in texts if text and text.strip()]
    if already is not None:
        fresh = [text for text in fresh if text != already.text]
    if not fresh:
        return already.screening if already is not None else None
    return screen_text(author=entry.owner, text="\n\n".join(fresh), kind=JOURNAL_KIND, obj=entry)


def _entry_texts(entry: Entry, tags: list[Tag]) -> list[str]:
    return [entry.notes, entry.trigger, entry.emotion_words, *[str(t.name) for t in tags]]


@dataclass(frozen=True)
class Saved:
    """An entry saved; `created` is False when a create with the same client key came before
    (nothing was saved again, and `screening` is what the first save's screening said)."""

    entry: Entry
    screening: Screening | None
    created: bool = True


def _moment(entry: Entry, fields: Mapping[str, Any]) -> datetime:
    """The entry's moment; a time without an offset is read on the owner's clock.

    `when_fold` (0 or 1) says which of a repeated hour was meant; raises ValidationError, on
    `when_fold` when it is needed and missing, on `when` for a time the clocks skipped (or
    one at the very edge of the calendar).
    """
    value = fields["when"]
    if not value:
        return timezone.now()
    fold = fields.get("when_fold")
    try:
        return clock.read_local(value, entry.owner, fold=fold if fold in (0, 1) else None)
    except clock.AmbiguousTime as error:
        raise ValidationError({"when_fold": [str(error)]}) from None
    except clock.LocalTimeError as error:
        raise ValidationError({"when": [str(error)]}) from None


def _apply(entry: Entry, fields: Mapping[str, Any]) -> None:
    for name in ENTRY_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name == "when":
            value = _moment(entry, fields)
        elif name not in {"duration_minutes", "intensity"}:
            value = "" if value is None else str(value)
        setattr(entry, name, value)
    if "emotions" in fields:
        entry.emotions = _join_emotions(fields["emotions"] or [])
    if "helped" in fields:
        entry.helped = _join_helped(fields["helped"] or [])
    if "room" in fields:
        entry.room = fields["room"]
    if fields.get("uid") is not None:
        entry.uid = fields["uid"]


def do_log_entry(
    *,
    owner: User,
    fields: Mapping[str, Any],
    tag_names: Iterable[str] = (),
    clip: "ClipUpload | None" = None,
    screened: Screened | None = None,
    client_key: str = "",
) -> Saved:
    """Save a new entry (only `when` matters; it defaults to now), screen its words, index it.

    `fields` may carry `room`, the session the entry comes from, and `when_fold` (0 or 1, which
    of a repeated hour); `screened`, words the caller has already screened (they are not
    screened again). With a `client_key` the owner already used, nothing is saved and the
    earlier entry comes back (`created` False). A `clip` is checked and sealed before the entry's
    transaction begins (see seal_clip), so call this outside any transaction. Raises
    ValidationError and ClipRejected.
    """
    found: list[Screening | None] = []
    sealed = seal_clip(owner_id=owner.pk, upload=clip) if clip is not None else None

    def create() -> Entry:
        entry = Entry(owner=owner, client_key=client_key)
        _apply(entry, fields)
        entry.full_clean(exclude=["owner", "reflection", "room", "client_key"])
        entry.save()
        tags = _tags_for(owner, tag_names)
        entry.tags.set(tags)
        _index_entry(entry, tags)
        found.append(_screen(entry, _entry_texts(entry, tags), screened))
        if sealed is not None:
            _keep_clip(entry=entry, sealed=sealed)
        return entry

    with removed_unless_kept(sealed.path if sealed is not None else None), transaction.atomic():
        entry, created = create_once(Entry.objects.filter(owner=owner), client_key, create)
    if created:
        return Saved(entry, found[0])
    if sealed is not None:  # the first request's clip is the one kept
        default_storage.delete(sealed.path)
    # A repeat says again what screening said the first time, so help lost with a first answer
    # is still shown; the words are not screened (or escalated) twice.
    return Saved(entry, earlier_screening(obj=entry, kind=JOURNAL_KIND), created=False)


def do_update_entry(
    *,
    entry: Entry,
    fields: Mapping[str, Any],
    tag_names: Iterable[str] | None = None,
    clip: "ClipUpload | None" = None,
    screened: Screened | None = None,
) -> Saved:
    """Change an entry, screen its words again and re-index it; a `clip` replaces its clip.

    The clip is checked and sealed before the transaction begins (see seal_clip), so call this
    outside any transaction; if it is refused, nothing of the entry changes either. Raises
    ValidationError and ClipRejected.
    """
    sealed = seal_clip(owner_id=entry.owner_id, upload=clip) if clip is not None else None
    with removed_unless_kept(sealed.path if sealed is not None else None), transaction.atomic():
        _apply(entry, fields)
        entry.full_clean(exclude=["owner", "reflection", "room"])
        entry.save()
        if tag_names is not None:
            entry.tags.set(_tags_for(entry.owner, tag_names))
        tags = list(entry.tags.all())
        _index_entry(entry, tags)
        screening = _screen(entry, _entry_texts(entry, tags), screened)
        if sealed is not None:
            _keep_clip(entry=entry, sealed=sealed)
    return Saved(entry, screening)


def do_set_relief(*, entry: Entry, relief: str, helped: Iterable[str] | None = None) -> Entry:
    """Note how the person felt afterwards and, when given, what helped (filled in later)."""
    if relief not in {"", *Relief.values}:
        raise ValueError("unknown relief")
    entry.relief = relief
    fields = ["relief", "updated"]
    if helped is not None:
        entry.helped = _join_helped(helped)
        fields.append("helped")
    entry.save(update_fields=fields)
    return entry


def do_save_reflection(*, entry: Entry, answers: Mapping[str, str]) -> Saved:
    """Store the answered prompts (skipped ones are left out) with the entry."""
    kept = {
        key: str(value).strip()[:2000]
        for key, value in answers.items()
        if key in REFLECTION_PROMPTS and str(value).strip()
    }
    with transaction.atomic():
        entry.reflection = kept
        if kept.get("lighter") in Relief.values and not entry.relief:
            entry.relief = kept["lighter"]
        entry.save(update_fields=["reflection", "relief", "updated"])
        tags = list(entry.tags.all())
        _index_entry(entry, tags)
        screening = _screen(entry, [v for k, v in kept.items() if k == "share_with"])
    return Saved(entry, screening)


def do_delete_entry(*, entry: Entry) -> None:
    with transaction.atomic():
        path = entry.clip.path if hasattr(entry, "clip") else None
        entry.delete()
        if path:
            transaction.on_commit(lambda: default_storage.delete(path))


# --- Clips -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClipUpload:
    data: bytes
    content_type: str


_TIME = re.compile(rb"time=(\d+):(\d+):(\d+(?:\.\d+)?)")
_DURATION = re.compile(rb"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")


def probe_duration(data: bytes) -> float:
    """Return the clip's length in seconds, reading it from a pipe so no plain copy hits disk."""
    result = subprocess.run(  # noqa: S603 - fixed ffmpeg binary, no shell
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-i",
            "pipe:0",
            "-map",
            "0",
            "-c",
            "copy",
            "-f",
            "null",
            "-",
        ],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )
    times = _TIME.findall(result.stderr) or _DURATION.findall(result.stderr)
    if result.returncode != 0 or not times:
        raise ClipRejected(_("We couldn't read that file as audio or video. Try another one?"))
    hours, minutes, seconds = times[-1]
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


# The container each clip type is written back in once its metadata is gone (unknown types
# become Matroska, which holds any codec).
_MUXERS = {
    "mp4": "mp4",
    "x-m4a": "mp4",
    "m4a": "mp4",
    "quicktime": "mov",
    "3gpp": "3gp",
    "webm": "webm",
    "ogg": "ogg",
    "mpeg": "mp3",
    "mp3": "mp3",
    "wav": "wav",
    "x-wav": "wav",
    "wave": "wav",
    "flac": "flac",
    "aac": "adts",
}


def strip_metadata(data: bytes, content_type: str) -> bytes:
    """Return the clip without its metadata: location, device, title, dates, chapters, data tracks.

    Streams are copied, not re-encoded, into the container `content_type` names. The work files
    lie in this process's private temp folder (see tearspace.core.datadir) only meanwhile.
    Raises ClipRejected when the clip cannot be rewritten that way.
    """
    subtype = content_type.split(";")[0].strip().lower().partition("/")[2]
    muxer = _MUXERS.get(subtype, "matroska")
    with tempfile.TemporaryDirectory(prefix="clip-") as folder:
        source, target = Path(folder) / "in", Path(folder) / "out"
        source.write_bytes(data)
        result = subprocess.run(  # noqa: S603 - fixed ffmpeg binary, no shell
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                "-hide_banner",
                "-nostdin",
                "-i",
                str(source),
                *("-map", "0:v?", "-map", "0:a?"),  # no data, subtitle or attachment tracks
                *("-map_metadata", "-1", "-map_chapters", "-1"),
                *("-c", "copy", "-fflags", "+bitexact", "-f", muxer, str(target)),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0 or not target.exists():
            raise ClipRejected(_("We couldn't prepare that clip to keep. Try another one?"))
        return target.read_bytes()


def check_clip(upload: ClipUpload) -> float:
    """Reject what we will not keep, with a clear reason; return the length in seconds."""
    try:
        media_type(upload.content_type)
    except BadInput as error:
        raise ClipRejected(str(error)) from None
    if len(upload.data) > clip_max_bytes():
        limit = clip_max_bytes() // (1024 * 1024)
        raise ClipRejected(_("That clip is too big. Clips can be up to %(mb)d MB.") % {"mb": limit})
    if not upload.data:
        raise ClipRejected(_("That clip is empty."))
    seconds = probe_duration(upload.data)
    if seconds > clip_max_seconds():
        raise ClipRejected(
            _("That clip is too long. Clips can be up to %(minutes)d minutes.")
            % {"minutes": clip_max_seconds() // 60}
        )
    return seconds


@dataclass(frozen=True)
class SealedClip:
    """A clip checked, stripped and sealed in storage at `path`, not yet kept by any entry."""

    path: str
    content_type: str
    size: int  # plain bytes
    duration_seconds: float


def seal_clip(*, owner_id: int, upload: ClipUpload) -> SealedClip:
    """Check the clip, strip its metadata, seal it with AES-GCM and store it for `owner_id`.

    The ffmpeg probe (up to 60 s), the rewrite and the storage write all happen here, so call
    this before the transaction that keeps the clip: holding SQLite's one write lock that long
    would stall room chat. Keep the clip with `_keep_clip` inside a `removed_unless_kept` block,
    so a failed save leaves nothing on disk. Raises ClipRejected with a reason the person can
    act on.
    """
    seconds = check_clip(upload)
    content_type = media_type(upload.content_type)
    plain = strip_metadata(upload.data, content_type)
    path = default_storage.save(
        f"journal/{owner_id}/{uuid.uuid4().hex}.clip", ContentFile(crypto.encrypt_bytes(plain))
    )
    return SealedClip(path, content_type, len(plain), seconds)


def _keep_clip(*, entry: Entry, sealed: SealedClip) -> Clip:
    """Make `sealed` the entry's clip, deleting any earlier one once the transaction commits.

    Call inside transaction.atomic.
    """
    old = Clip.objects.filter(entry=entry).first()
    if old is not None:
        old_path = old.path
        old.delete()
        transaction.on_commit(lambda: default_storage.delete(old_path))
    clip = Clip.objects.create(
        entry=entry,
        owner_id=entry.owner_id,
        path=sealed.path,
        content_type=sealed.content_type,
        size=sealed.size,
        duration_seconds=sealed.duration_seconds,
    )
    entry.clip = clip
    return clip


def do_attach_clip(*, entry: Entry, upload: ClipUpload) -> Clip:
    """Strip the clip's metadata, seal it with AES-GCM and keep it with the entry.

    Replaces any earlier clip of the entry. Every clip a person records, uploads or imports
    is sealed by seal_clip, before any transaction; call this outside one. Raises ClipRejected
    with a reason the person can act on.
    """
    sealed = seal_clip(owner_id=entry.owner_id, upload=upload)
    with removed_unless_kept(sealed.path), transaction.atomic():
        return _keep_clip(entry=entry, sealed=sealed)


def do_remove_clip(*, clip: Clip) -> None:
    path = clip.path
    clip.delete()
    transaction.on_commit(lambda: default_storage.delete(path))


def read_clip(clip: Clip) -> bytes:
    with default_storage.open(clip.path, "rb") as handle:
        return crypto.ClipReader(handle).read_all()


# --- Data: delete, import, key rotation ------------------------------------------------------


def delete_journal_files(user: User) -> None:
    """Remove the sealed clip and montage files; the database cascade removes the rest."""
    paths = list(Clip.objects.filter(owner=user).values_list("path", flat=True))
    paths += [p for p in MontageJob.objects.filter(owner=user).values_list("path", flat=True) if p]
    transaction.on_commit(lambda: _delete_files(paths))


def _delete_files(paths: list[str]) -> None:
    for path in paths:
        default_storage.delete(path)


class ImportRejected(BadInput):
    """An export we will not restore; the message names the entry and what was wrong."""


def _known(choices: Iterable[str]) -> Callable[[str], str]:
    allowed = {"", *choices}

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(_("%(value)s is not one of the choices") % {"value": value[:40]})
        return value

    return check


def _usable_moment(value: object) -> datetime | None:
    """An export's ISO 8601 text as an aware moment in the usable years (naive: local time)."""
    if value is None:
        return None
    moment = None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            moment = parse_datetime(value)
    if moment is None:
        raise ValueError(_("should be a date and time like 2025-03-01T20:15:00+09:00"))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    problem = date_problem(moment)
    if problem is not None:
        raise ValueError(problem)
    return moment


class ExportedClip(BaseModel):
    file: StrictStr
    content_type: Annotated[StrictStr, AfterValidator(media_type)]


class ExportedEntry(BaseModel):
    """One entry of a journal export, checked before anything is written (see do_import_journal)."""

    model_config = ConfigDict(extra="ignore")

    uid: uuid.UUID | None = None
    when: Annotated[datetime | None, BeforeValidator(_usable_moment)] = None
    duration_minutes: Annotated[StrictInt, Field(ge=0, le=24 * 60)] | None = None
    intensity: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    emotions: list[StrictStr] | None = None
    emotion_words: StrictStr | None = ""
    kind: Annotated[StrictStr, AfterValidator(_known(Kind.values))] | None = None
    trigger: StrictStr | None = ""
    tags: list[StrictStr] | None = None
    place: Annotated[StrictStr, AfterValidator(_known(Place.values))] | None = None
    with_whom: Annotated[StrictStr, AfterValidator(_known(Company.values))] | None = None
    relief: Annotated[StrictStr, AfterValidator(_known(Relief.values))] | None = None
    helped: list[StrictStr] | None = None
    notes: StrictStr | None = ""
    reflection: dict[StrictStr, StrictStr] | None = None
    clip: ExportedClip | None = None
    room: Annotated[StrictInt, Field(ge=1, le=MAX_ID)] | None = None


def check_import_journal(data: object) -> list[ExportedEntry]:
    """Check a whole export (the "journal" part or all of data.json) before restoring any of it.

    Raises ImportRejected naming the first entry that is wrong (1-based, in file order).
    """
    journal = data.get("journal", data) if isinstance(data, Mapping) else None
    items = journal.get("entries") if isinstance(journal, Mapping) else None
    if not isinstance(items, list):
        raise ImportRejected(_("That file doesn't look like a Tearspace journal export."))
    checked = []
    for number, item in enumerate(items, start=1):
        try:
            checked.append(ExportedEntry.model_validate(item))
        except PydanticValidationError as error:
            raise ImportRejected(_import_problem(number, error)) from None
    return checked


def _import_problem(number: int, error: PydanticValidationError) -> str:
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or _("the entry")
    reason = str(first["msg"]).removeprefix("Value error, ")
    return _("Entry %(number)d: %(field)s — %(reason)s") % {
        "number": number,
        "field": where,
        "reason": reason,
    }


def _session_to_link(owner: User, value: int | None, linked: set[int]) -> Model | None:
    """The session an imported entry came from, if it still exists here and the person was in it.

    Anything else (a room since deleted, an id from another server) is dropped, as is a second
    entry for a session that already has one. Sessions belong to rooms, a layer above the
    journal, so they are found through the person's own memberships rather than by importing
    the rooms app.
    """
    if value is None or value in linked:
        return None
    membership = owner.room_memberships.select_related("room").filter(room_id=value).first()
    return None if membership is None else membership.room


def do_import_journal(
    *, owner: User, data: object, files: Mapping[str, bytes] | None = None
) -> int:
    """Restore entries from a journal export, all of them or none; return how many were added.

    An entry already here (same `uid`, the stable id exports carry) is skipped; exports made
    before entries had one match on the same moment and notes. Raises ImportRejected naming
    the entry that is wrong; then nothing is kept, not even sealed clip files. Clips are
    sealed before the import's transaction begins (see seal_clip): call this outside one.
    """
    items = check_import_journal(data)
    available = files or {}
    sealed: dict[int, SealedClip] = {}  # by entry number
    try:
        # Sealed before the transaction (see seal_clip): an import may carry many clips.
        for number, item in enumerate(items, start=1):
            if item.clip is not None and item.clip.file in available:
                upload = ClipUpload(available[item.clip.file], item.clip.content_type)
                try:
                    sealed[number] = seal_clip(owner_id=owner.pk, upload=upload)
                except ClipRejected as error:
                    raise _rejected(number, str(error)) from None
        with transaction.atomic():
            restored = _restore(owner, items, sealed)
    except BaseException:
        for clip in sealed.values():
            default_storage.delete(clip.path)
        raise
    for number, clip in sealed.items():
        if number not in restored:  # the entry was here already, with its own clip
            default_storage.delete(clip.path)
    return len(restored)


def _rejected(number: int, reason: str) -> ImportRejected:
    return ImportRejected(_("Entry %(number)d: %(reason)s") % {"number": number, "reason": reason})


def _restore(owner: User, items: list[ExportedEntry], sealed: Mapping[int, SealedClip]) -> set[int]:
    """Save the entries not here yet, with their sealed clips; return their numbers."""
    entries = Entry.objects.filter(owner=owner)
    mine = set(entries.values_list("uid", flat=True))
    legacy = {(e.when.isoformat(), e.notes or "") for e in entries}
    linked = {room_id for room_id in entries.values_list("room_id", flat=True) if room_id}
    restored: set[int] = set()
    for number, item in enumerate(items, start=1):
        when = item.when or timezone.now()
        legacy_key = (when.isoformat(), item.notes or "")
        if item.uid in mine or (item.uid is None and legacy_key in legacy):
            continue
        room = _session_to_link(owner, item.room, linked)
        if room is not None:
            linked.add(room.pk)
        fields = {
            **item.model_dump(include=set(ENTRY_FIELDS) | {"emotions", "helped"}),
            "when": when,
            "uid": item.uid,
            "room": room,
        }
        try:
            saved = do_log_entry(owner=owner, fields=fields, tag_names=item.tags or [])
            if item.reflection:
                do_save_reflection(entry=saved.entry, answers=item.reflection)
        except ValidationError as error:
            raise _rejected(number, "; ".join(error.messages)) from None
        if number in sealed:
            _keep_clip(entry=saved.entry, sealed=sealed[number])
        mine.add(saved.entry.uid)
        restored.add(number)
    return restored


def do_rotate_journal_keys() -> dict[str, int]:
    """Re-seal every journal text and clip, and every other private text, with the current key.

    Also rebuilds the search index. Run after putting a new key first in
    FIELD_ENCRYPTION_KEYS (old keys still listed).
    """
    counts = {"entries": 0, "tags": 0, "clips": 0, "montages": 0}
    counts["other private texts"] = reseal_private_rows()
    for tag in Tag.objects.all().iterator():
        tag.digest = _tag_digest(tag.owner_id, str(tag.name))
        tag.save(update_fields=["name", "digest"])
        counts["tags"] += 1
    for entry in Entry.objects.prefetch_related("tags").iterator(chunk_size=500):
        entry.save(update_fields=["emotion_words", "trigger", "notes", "reflection"])
        _index_entry(entry, list(entry.tags.all()))
        counts["entries"] += 1
    for clip in Clip.objects.all().iterator():
        _reseal(clip.path)
        counts["clips"] += 1
    for job in MontageJob.objects.exclude(path="").iterator():
        _reseal(job.path)
        counts["montages"] += 1
    return counts


def _reseal(path: str) -> None:
    with default_storage.open(path, "rb") as handle:
        plain = crypto.ClipReader(handle).read_all()
    sealed = crypto.encrypt_bytes(plain)
    default_storage.delete(path)
    default_storage.save(path, ContentFile(sealed))


# --- Montage ---------------------------------------------------------------------------------


def do_start_montage(*, owner: User, start: date, end: date, client_key: str = "") -> MontageJob:
    """Queue a montage of the owner's clips from `start` to `end` (their own days, included).

    A `client_key` the owner already used returns the montage it started: one render, not two.
    """

    def create() -> MontageJob:
        job = MontageJob.objects.create(owner=owner, start=start, end=end, client_key=client_key)
        transaction.on_commit(lambda: render_montage.enqueue(str(job.pk)))
        return job

    return create_once(MontageJob.objects.filter(owner=owner), client_key, create)[0]


def do_cancel_montage(*, job: MontageJob) -> MontageJob:
    if job.is_active:
        MontageJob.objects.filter(pk=job.pk).update(
            status=MontageStatus.CANCELLED, message=_("Cancelled.")
        )
        job.refresh_from_db()
    return job


def open_sealed(path: str) -> io.BytesIO:
    with default_storage.open(path, "rb") as handle:
        return io.BytesIO(crypto.ClipReader(handle).read_all())
