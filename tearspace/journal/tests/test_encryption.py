from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from tearspace.accounts.models import User
from tearspace.journal.actions import ClipUpload, Saved, do_rotate_journal_keys, read_clip
from tearspace.journal.models import Entry, Tag
from tearspace.lib import crypto

NOTES = "Grandmother's garden smelled of mint"
TRIGGER = "Found the old watering can"


def _clear_field_keys() -> None:
    # The encrypted fields derive their keys once per process; a rotation is a restart.
    for model in (Entry, Tag):
        for field in model._meta.get_fields():
            for attr in ("keys", "f"):
                field.__dict__.pop(attr, None)


@pytest.fixture
def fresh_keys() -> Iterator[None]:
    _clear_field_keys()
    yield
    _clear_field_keys()


def _raw_row(entry_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM journal_entry WHERE id = %s", [entry_id])
        return " ".join(str(value) for value in cursor.fetchone())


def test_it_keeps_no_plaintext_in_the_database_row_or_the_clip_file(
    alice: User, log_entry: Callable[..., Saved], audio_bytes: bytes
) -> None:
    saved = log_entry(
        alice,
        notes=NOTES,
        trigger=TRIGGER,
        emotion_words="wistful",
        clip=ClipUpload(audio_bytes, "audio/webm"),
        tags=("garden",),
    )
    from tearspace.journal.actions import do_save_reflection

    do_save_reflection(entry=saved.entry, answers={"share_with": "my sister Maud"})
    row = _raw_row(saved.entry.pk)
    for secret in ("mint", "watering", "wistful", "Maud"):
        assert secret not in row
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM journal_tag")
        assert "garden" not in str(cursor.fetchall())
    raw_file = (Path(settings.MEDIA_ROOT) / saved.entry.clip.path).read_bytes()
    assert raw_file.startswith(crypto.MAGIC)
    assert audio_bytes[:64] not in raw_file
    assert b"OpusHead" in audio_bytes
    assert b"OpusHead" not in raw_file
    entry = Entry.objects.get(pk=saved.entry.pk)
    assert entry.notes == NOTES
    assert read_clip(entry.clip) == audio_bytes


def test_it_reads_old_data_after_a_key_rotation_and_reseals_it_with_the_new_key(
    alice: User, log_entry: Callable[..., Saved], audio_bytes: bytes, fresh_keys: None
) -> None:
    old_key = settings.SALT_KEY[0]
    saved = log_entry(
        alice, notes=NOTES, clip=ClipUpload(audio_bytes, "audio/webm"), tags=("garden",)
    )
    clip_path = saved.entry.clip.path
    with override_settings(SALT_KEY=["brand-new-key-0123456789", old_key]):
        _clear_field_keys()
        entry = Entry.objects.get(pk=saved.entry.pk)
        assert entry.notes == NOTES
        assert read_clip(entry.clip) == audio_bytes
        counts = do_rotate_journal_keys()
        assert counts["entries"] == 1
        assert counts["clips"] == 1
    # Only the new key now: everything still opens, so nothing depends on the old key.
    with override_settings(SALT_KEY=["brand-new-key-0123456789"]):
        _clear_field_keys()
        entry = Entry.objects.get(pk=saved.entry.pk)
        assert entry.notes == NOTES
        assert entry.clip.path == clip_path
        assert read_clip(entry.clip) == audio_bytes
        assert [str(t.name) for t in entry.tags.all()] == ["garden"]


def test_it_reads_fields_sealed_under_a_fallback_secret_key(
    alice: User, log_entry: Callable[..., Saved], fresh_keys: None
) -> None:
    saved = log_entry(alice, notes=NOTES)
    with override_settings(
        SECRET_KEY="a-new-secret-key-after-rotation-0123456789",
        SECRET_KEY_FALLBACKS=[settings.SECRET_KEY],
    ):
        _clear_field_keys()
        assert Entry.objects.get(pk=saved.entry.pk).notes == NOTES


def test_it_refuses_a_clip_when_no_configured_key_opens_it(alice: User) -> None:
    import io

    sealed = crypto.encrypt_bytes(b"x" * 1000)
    with override_settings(SALT_KEY=["some-other-key"]), pytest.raises(crypto.ClipDecryptionError):
        crypto.ClipReader(io.BytesIO(sealed))


def test_it_decrypts_any_range_by_reading_only_the_needed_chunks() -> None:
    import io

    plain = bytes(range(256)) * 1000  # 256,000 bytes: four chunks
    sealed = crypto.encrypt_bytes(plain)
    reader = crypto.ClipReader(io.BytesIO(sealed))
    assert reader.size == len(plain)
    for start, end in [(0, 0), (65535, 65536), (100_000, 255_999), (200_000, 200_010)]:
        assert b"".join(reader.iter_range(start, end)) == plain[start : end + 1]
    tampered = bytearray(sealed)
    tampered[-5] ^= 1
    with pytest.raises(crypto.ClipDecryptionError):
        b"".join(crypto.ClipReader(io.BytesIO(bytes(tampered))).iter_range(255_000, 255_999))


def test_the_rotate_command_reports_what_it_resealed(
    alice: User, log_entry: Callable[..., Saved]
) -> None:
    import io

    from django.core.management import call_command

    log_entry(alice, notes="one")
    out = io.StringIO()
    call_command("journal_rotate_keys", stdout=out)
    assert "1 entries" in out.getvalue()
    assert Entry.objects.get(owner=alice).notes == "one"
