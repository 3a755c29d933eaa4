"""Growth montage of 30 short clips: total time and how often the progress bar moves.

Run: .venv/bin/python benchmarks/montage.py
Builds a throw-away SQLite database, gives one member 30 entries with a 3-second video clip each
(sealed with AES-GCM like real uploads), renders the montage in a worker thread and watches the
job's progress from another connection, as the progress bar does. The baseline is ffmpeg
rendering one captioned segment, measured in the same run.
Target: progress moves at least every 5 seconds, and the montage completes with every clip.
"""

import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="tearspace-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

import imageio_ffmpeg  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tearspace.accounts.models import User  # noqa: E402
from tearspace.journal import montage  # noqa: E402
from tearspace.journal.actions import ClipUpload, do_log_entry  # noqa: E402
from tearspace.journal.models import MontageJob, MontageStatus  # noqa: E402

CLIPS = 30
SECONDS = 3
MAX_GAP_SECONDS = 5.0


def make_clip(folder: Path) -> bytes:
    target = folder / "clip.webm"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size=320x240:rate=24:duration={SECONDS}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=330:duration={SECONDS}",
            "-c:v",
            "libvpx",
            "-b:v",
            "300k",
            "-c:a",
            "libopus",
            "-shortest",
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    return target.read_bytes()


def baseline_segment(folder: Path, clip: bytes) -> float:
    source = folder / "baseline.webm"
    source.write_bytes(clip)
    started = time.perf_counter()
    montage._render_segment(source, "1 January 2026", folder / "baseline.ts")
    return time.perf_counter() - started


def main() -> int:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    owner = User.objects.create_user(username="bench-montage", password="x" * 20)
    folder = Path(tempfile.mkdtemp(prefix="montage-bench-"))
    clip = make_clip(folder)
    now = timezone.now()
    for day in range(CLIPS):
        do_log_entry(
            owner=owner,
            fields={"when": now - timedelta(days=CLIPS - day)},
            tag_names=(),
            clip=ClipUpload(data=clip, content_type="video/webm"),
        )
    per_segment = baseline_segment(folder, clip)
    job = MontageJob.objects.create(
        owner=owner, start=(now - timedelta(days=CLIPS + 1)).date(), end=now.date()
    )

    def render() -> None:
        montage.render_montage(MontageJob.objects.get(pk=job.pk))
        connection.close()

    worker = threading.Thread(target=render)
    started = time.perf_counter()
    worker.start()
    changes: list[float] = [0.0]
    last = -1
    while worker.is_alive():
        progress = MontageJob.objects.filter(pk=job.pk).values_list("progress", flat=True)[0]
        if progress != last:
            changes.append(time.perf_counter() - started)
            last = progress
        time.sleep(0.1)
    worker.join()
    total = time.perf_counter() - started
    changes.append(total)
    job.refresh_from_db()
    gaps = [b - a for a, b in itertools.pairwise(changes)]
    print(f"clips: {CLIPS} x {SECONDS} s, done {job.done_clips}, skipped {len(job.skipped)}")
    print(f"montage total: {total:.1f} s; status {job.status}, final progress {job.progress}%")
    print(f"progress updates seen: {len(changes) - 2}, longest gap {max(gaps):.2f} s")
    print(
        f"baseline one captioned segment: {per_segment:.2f} s "
        f"-> montage costs {total / (CLIPS * per_segment):.2f}x {CLIPS} segments"
    )
    met = max(gaps) <= MAX_GAP_SECONDS and job.status == MontageStatus.DONE
    met = met and job.done_clips == CLIPS and not job.skipped and job.progress == 100
    print(
        f"TARGETS: progress at least every {MAX_GAP_SECONDS:.0f} s, all {CLIPS} clips, "
        f"done at 100% -> {'MET' if met else 'MISSED'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
