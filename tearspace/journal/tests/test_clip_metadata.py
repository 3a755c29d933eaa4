"""No clip keeps where, on what or under which title it was made (recorded, uploaded, imported).

Every clip is sealed through `do_attach_clip`, which strips the metadata first; the host's own
room clips go through the same `strip_metadata`.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile

from tearspace.accounts.models import User
from tearspace.core.tests.clips import REVEALING_TAGS, make_clip
from tearspace.journal.actions import (
    ClipRejected,
    ClipUpload,
    do_log_entry,
    read_clip,
    strip_metadata,
)

FORMATS = [("mp4", "video/mp4"), ("webm", "video/webm"), ("webm", "audio/webm;codecs=opus")]


def _revealed(data: bytes) -> list[str]:
    return [key for key, value in REVEALING_TAGS.items() if value.encode() in data]


def test_the_test_clips_really_carry_the_tags() -> None:
    assert _revealed(make_clip("mp4", tagged=True)) == list(REVEALING_TAGS)
    assert _revealed(make_clip("webm", tagged=True)) == list(REVEALING_TAGS)


@pytest.mark.parametrize(("fmt", "content_type"), FORMATS)
def test_stripping_keeps_the_streams_and_drops_every_tag(fmt: str, content_type: str) -> None:
    stripped = strip_metadata(make_clip(fmt, tagged=True), content_type)
    assert _revealed(stripped) == []
    # Streams are copied, not re-encoded: the untagged clip comes out the same size or near it.
    assert abs(len(stripped) - len(strip_metadata(make_clip(fmt), content_type))) < 64


def test_a_file_that_cannot_be_rewritten_is_refused_with_a_reason() -> None:
    with pytest.raises(ClipRejected, match="couldn't prepare"):
        strip_metadata(b"not a clip at all", "video/mp4")


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "content_type"), FORMATS)
def test_a_clip_kept_with_an_entry_has_no_location_device_or_title(
    alice: User, fmt: str, content_type: str
) -> None:
    saved = do_log_entry(
        owner=alice,
        fields={"notes": "after the call"},
        tag_names=(),
        clip=ClipUpload(make_clip(fmt, tagged=True), content_type),
    )
    kept = read_clip(saved.entry.clip)
    assert kept[:4] == make_clip(fmt)[:4]  # still the same kind of file
    assert _revealed(kept) == []
    assert saved.entry.clip.size == len(kept)


@pytest.mark.django_db
def test_a_hosts_room_clip_has_no_location_device_or_title(settings, tmp_path) -> None:
    from tearspace.rooms.actions import do_add_clip, do_create_room

    settings.MEDIA_ROOT = str(tmp_path)
    host = User.objects.create_user(username="hugo", password="x", role="host")
    # Hosting needs a second factor (tearspace.accounts.access).
    Authenticator.objects.create(user=host, type=Authenticator.Type.TOTP, data={"secret": "x"})
    room = do_create_room(host=host, title="Evening cry")
    upload = SimpleUploadedFile("home.mp4", make_clip("mp4", tagged=True), "video/mp4")
    clip = do_add_clip(actor=host, room=room, title="My song", media=upload)
    with clip.media.open("rb") as handle:
        assert _revealed(handle.read()) == []
