"""Render a growth montage: the owner's clips in order, each with its date, via ffmpeg.

Clips are decrypted into a private temporary directory only for as long as ffmpeg needs them.
A clip that cannot be opened or rendered is skipped and reported; it never stops the montage.
"""

import logging
import subprocess
import tempfile
from pathlib import Path

import imageio_ffmpeg
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from tearspace.accounts import clock
from tearspace.accounts.models import User
from tearspace.journal.models import Clip, MontageJob, MontageStatus
from tearspace.lib import crypto

logger = logging.getLogger(__name__)

SEGMENT_SECONDS = 12
SIZE = "640:360"
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
]


def _font() -> str | None:
    return next((path for path in FONT_CANDIDATES if Path(path).exists()), None)


def _ffmpeg(*args: str) -> subprocess.CompletedProcess[bytes]:
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args]
    return subprocess.run(  # noqa: S603 - fixed ffmpeg binary, no shell
        cmd,
        capture_output=True,
        timeout=180,
        check=False,
    )


def _streams(path: Path) -> tuple[bool, bool]:
    info = _ffmpeg("-i", str(path)).stderr
    return b"Video:" in info, b"Audio:" in info


def _caption_filter(caption_file: Path) -> str:
    font = _font()
    base = (
        f"scale={SIZE}:force_original_aspect_ratio=decrease,"
        f"pad={SIZE}:(ow-iw)/2:(oh-ih)/2,fps=25,format=yuv420p"
    )
    if font is None:
        return base
    return (
        f"{base},drawtext=fontfile={font}:textfile={caption_file}:fontcolor=white:fontsize=28:"
        "box=1:boxcolor=black@0.5:boxborderw=10:x=(w-text_w)/2:y=h-text_h-24"
    )


def _render_segment(source: Path, caption: str, target: Path) -> None:
    has_video, has_audio = _streams(source)
    if not has_video and not has_audio:
        raise ValueError("no audio or video in the clip")
    caption_file = target.with_suffix(".txt")
    caption_file.write_text(caption)
    vf = _caption_filter(caption_file)
    out = [
        "-t",
        str(SEGMENT_SECONDS),
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-c:a",
        "aac",
        "-ar",
        "44100",
        "-ac",
        "2",
        "-f",
        "mpegts",
        str(target),
    ]
    if has_video and has_audio:
        args = ["-i", str(source), "-vf", vf, "-map", "0:v:0", "-map", "0:a:0", *out]
    elif has_video:
        args = [
            "-i",
            str(source),
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=44100:cl=stereo",
            "-vf",
            vf,
            "-map",
            "0:v:0",
            "-map",
            "1:a:0",
            "-shortest",
            *out,
        ]
    else:
        args = [
            "-f",
            "lavfi",
            "-i",
            "color=c=0x34405e:s=640x360:r=25",
            "-i",
            str(source),
            "-vf",
            vf,
            "-map",
            "0:v:0",
            "-map",
            "1:a:0",
            "-shortest",
            *out,
        ]
    result = _ffmpeg(*args)
    if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise ValueError("ffmpeg could not render the clip")


def _in(owner: User, problem: str) -> str:
    """Why the montage failed, in the owner's language (a task has no request to take it from)."""
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        if problem == "none":
            return _("There were no clips we could use in that period.")
        return _("The clips could not be joined.")


def _cancelled(job: MontageJob) -> bool:
    return MontageJob.objects.filter(pk=job.pk, status=MontageStatus.CANCELLED).exists()


def _update(job: MontageJob, **fields: object) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    MontageJob.objects.filter(pk=job.pk).exclude(status=MontageStatus.CANCELLED).update(
        **fields, updated=timezone.now()
    )


def render_montage(job: MontageJob) -> MontageJob:
    """Render the job's clips (days on the owner's clock, start and end included) into one video."""
    owner = job.owner
    start, end = clock.day_span(job.start, job.end, owner)
    clips = list(
        Clip.objects.select_related("entry")
        .filter(owner_id=job.owner_id, entry__when__gte=start, entry__when__lt=end)
        .order_by("entry__when", "entry_id")
    )
    _update(job, status=MontageStatus.RUNNING, total_clips=len(clips), progress=1)
    skipped: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="montage-") as tmp:
        folder = Path(tmp)
        segments: list[Path] = []
        for number, clip in enumerate(clips):
            if _cancelled(job):
                return job
            when = clock.local(clip.entry.when, owner)
            try:
                with default_storage.open(clip.path, "rb") as handle:
                    plain = crypto.ClipReader(handle).read_all()
                source = folder / f"in-{number}"
                source.write_bytes(plain)
                segment = folder / f"seg-{number:04d}.ts"
                with translation.override(owner.language):
                    caption = formats.date_format(when.date(), "j F Y")
                _render_segment(source, caption, segment)
                source.unlink()
                segments.append(segment)
            except Exception as error:  # a broken clip is reported, never fatal
                logger.info("montage %s skipped clip %s: %s", job.pk, clip.pk, error)
                skipped.append(
                    {"entry": clip.entry_id, "when": when.isoformat(), "reason": str(error)}
                )
            done = number + 1
            _update(
                job, done_clips=done, skipped=skipped, progress=max(1, int(95 * done / len(clips)))
            )
        if _cancelled(job):
            return job
        if not segments:
            _update(
                job,
                status=MontageStatus.FAILED,
                progress=100,
                message=_in(owner, "none"),
            )
            return job
        listing = folder / "list.txt"
        listing.write_text("".join(f"file '{s.name}'\n" for s in segments))
        output = folder / "montage.mp4"
        result = _ffmpeg(
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(listing),
            "-c",
            "copy",
            "-bsf:a",
            "aac_adtstoasc",
            "-movflags",
            "+faststart",
            str(output),
        )
        if result.returncode != 0:
            _update(
                job,
                status=MontageStatus.FAILED,
                progress=100,
                message=_in(owner, "join"),
            )
            return job
        plain = output.read_bytes()
    name = default_storage.save(
        f"journal/{job.owner_id}/montage-{job.pk.hex}.clip",
        ContentFile(crypto.encrypt_bytes(plain)),
    )
    if _cancelled(job):
        default_storage.delete(name)
        return job
    _update(job, status=MontageStatus.DONE, progress=100, path=name, size=len(plain))
    return job
