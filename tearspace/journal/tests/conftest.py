import subprocess
from collections.abc import Callable
from pathlib import Path

import imageio_ffmpeg
import pytest
from playwright.sync_api import Page

from tearspace.accounts.models import User
from tearspace.journal.actions import ClipUpload, Saved, do_log_entry, strip_metadata


def _make(tmp: Path, name: str, *args: str) -> bytes:
    target = tmp / name
    subprocess.run(  # noqa: S603
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            *args,
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    # As a clip is kept (metadata stripped, which is idempotent), so what a test reads back from
    # storage equals these bytes.
    return strip_metadata(target.read_bytes(), "video/webm")


@pytest.fixture(scope="session")
def audio_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """One second of a quiet tone as WebM/Opus, like a browser recording."""
    tmp = tmp_path_factory.mktemp("media")
    return _make(
        tmp, "tone.webm", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "libopus"
    )


@pytest.fixture(scope="session")
def video_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    tmp = tmp_path_factory.mktemp("media")
    return _make(
        tmp,
        "clip.webm",
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=160x120:rate=10:duration=1",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=300:duration=1",
        "-c:v",
        "libvpx",
        "-c:a",
        "libopus",
        "-shortest",
    )


@pytest.fixture
def log_entry() -> Callable[..., Saved]:
    def make(
        owner: User, clip: ClipUpload | None = None, tags: tuple[str, ...] = (), **fields: object
    ) -> Saved:
        return do_log_entry(owner=owner, fields=fields, tag_names=tags, clip=clip)

    return make


def open_log_form(page: Page, path: str = "/journal/new/") -> None:
    """Go to the log form and open each of its folded sections, as a person filling all of it
    taps each one (a section already open, a brought-back draft's, stays open)."""
    page.goto(path)
    unfold_log_form(page)


def unfold_log_form(page: Page) -> None:
    """Open each folded section of the log form on `page`, as a person would, one tap each."""
    folded = page.locator("details.form-section:not([open]) > summary")
    while folded.count():
        folded.first.click()
