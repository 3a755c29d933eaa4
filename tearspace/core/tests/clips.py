"""Real, tiny clips made with ffmpeg for tests, optionally carrying metadata a phone would add."""

import functools
import subprocess
import tempfile
from pathlib import Path

import imageio_ffmpeg

# What a phone or camera writes into a clip, and must never reach anyone who plays it.
REVEALING_TAGS = {
    "location": "+35.6586+139.7454/",
    "title": "canary-title-at-home",
    "comment": "canary-device-pixel",
    "artist": "canary-real-name",
}

_FORMATS = {
    "mp4": ("-c:v", "libx264", "-c:a", "aac", "-movflags", "+use_metadata_tags"),
    "webm": ("-c:v", "libvpx", "-c:a", "libopus"),
}


@functools.cache
def make_clip(fmt: str = "mp4", *, tagged: bool = False) -> bytes:
    """Return one second of test video with a tone, as `fmt` ("mp4" or "webm").

    With `tagged`, the clip carries REVEALING_TAGS as container and audio-stream metadata.
    """
    tags: list[str] = []
    if tagged:
        for key, value in REVEALING_TAGS.items():
            tags += ["-metadata", f"{key}={value}"]
        tags += ["-metadata:s:a:0", f"title={REVEALING_TAGS['title']}"]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"clip.{fmt}"
        subprocess.run(  # noqa: S603 - fixed ffmpeg binary, test input
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                *("-hide_banner", "-loglevel", "error", "-nostdin", "-y"),
                *("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1"),
                *("-f", "lavfi", "-i", "sine=frequency=440:duration=1"),
                *_FORMATS[fmt],
                *tags,
                "-shortest",
                str(target),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return target.read_bytes()
