"""Private words are encrypted wherever a model stores them (the database never holds them plain).

The first test is a guard over every text field of every Tearspace model: each one is either
encrypted or listed here with the reason it may be plain (others already see it, or it is not
words a person wrote). A new plain text field fails it until someone decides.
"""

import pytest
from django.apps import apps
from django.db import connection, models
from encrypted_fields.fields import EncryptedFieldMixin

from tearspace.accounts.models import User
from tearspace.safety.models import AuditLog, Escalation, SelfCheck

SEEN_BY_OTHERS = "shown to the people it was written for"
NOT_WORDS = "a key, digest, path, code or message of the app's own"
OPERATOR = "written by the operator for everyone"

PLAIN_ALLOWED = {
    "core.WorkerHeartbeat.worker_id": NOT_WORDS,
    "accounts.User.password": NOT_WORDS,
    "accounts.User.username": "the handle others see",
    "accounts.User.first_name": "unused (pseudonymous handles)",
    "accounts.User.last_name": "unused (pseudonymous handles)",
    "accounts.User.email": "looked up to sign in and recover the account",
    "accounts.User.time_zone": NOT_WORDS,
    "accounts.PersonalAccessToken.name": "a label the person gives a token",
    "accounts.PersonalAccessToken.password_stamp": NOT_WORDS,
    "accounts.User.handle_key": "the canonical form of the handle others see",
    "accounts.PersonalAccessToken.digest": NOT_WORDS,
    "accounts.PersonalAccessToken.prefix": NOT_WORDS,
    "safety.CrisisLine.name": OPERATOR,
    "safety.CrisisLine.description": OPERATOR,
    "safety.CrisisLine.phone": OPERATOR,
    "safety.CrisisLine.text": OPERATOR,
    "safety.CrisisLine.chat_url": OPERATOR,
    "safety.CrisisLine.url": OPERATOR,
    "safety.CrisisLine.hours": OPERATOR,
    "safety.CrisisLine.languages": OPERATOR,
    "safety.CrisisLine.speaks": OPERATOR,
    "safety.CrisisLine.source": OPERATOR,
    "safety.ScreeningRecord.kind": NOT_WORDS,
    "safety.ScreeningRecord.object_id": NOT_WORDS,
    "safety.ScreeningRecord.reasons": "the model's own category names, never the text",
    "safety.Escalation.kind": NOT_WORDS,
    "safety.Report.object_id": NOT_WORDS,
    "safety.AuditLog.action": NOT_WORDS,
    "safety.AuditLog.target": NOT_WORDS,
    "journal.Tag.digest": NOT_WORDS,
    "journal.Entry.emotions": "vocabulary keys for filters; the person's own words are encrypted",
    "journal.Entry.helped": "vocabulary keys for filters",
    "journal.Clip.path": NOT_WORDS,
    "journal.Clip.content_type": NOT_WORDS,
    "journal.EntryWord.digest": NOT_WORDS,
    "journal.MontageJob.skipped": NOT_WORDS,
    "journal.MontageJob.message": NOT_WORDS,
    "journal.MontageJob.path": NOT_WORDS,
    "journal.MontageJob.client_key": NOT_WORDS,
    "journal.Entry.client_key": NOT_WORDS,
    "circles.Circle.client_key": NOT_WORDS,
    "circles.Share.client_key": NOT_WORDS,
    "circles.Reply.client_key": NOT_WORDS,
    "rooms.Room.client_key": NOT_WORDS,
    "safety.SelfCheck.client_key": NOT_WORDS,
    "circles.Circle.name": SEEN_BY_OTHERS,
    "circles.Invitation.digest": NOT_WORDS,
    "circles.Share.pseudonym": SEEN_BY_OTHERS,
    "circles.Share.emotions": "vocabulary keys, shared",
    "circles.Share.content_note": "vocabulary key, shared",
    "circles.Share.added_notes": "vocabulary keys the crisis screen added, shared",
    "circles.Reply.added_notes": "vocabulary keys the crisis screen added, shared",
    "circles.ShareMute.label": "the pseudonym the person muted",
    "circles.Reply.body": SEEN_BY_OTHERS,
    "accounts.Block.label": "the handle or pseudonym the blocker saw",
    "notifications.Notification.text": SEEN_BY_OTHERS,
    "notifications.Notification.url": NOT_WORDS,
    "circles.CircleSettings.hidden_notes": "vocabulary keys",
    "rooms.LibraryItem.title": OPERATOR,
    "rooms.LibraryItem.content_note": OPERATOR,
    "rooms.Room.title": SEEN_BY_OTHERS,
    "rooms.Room.theme": SEEN_BY_OTHERS,
    "rooms.Room.content_notes": SEEN_BY_OTHERS,
    "rooms.RoomClip.title": SEEN_BY_OTHERS,
    "rooms.RoomClip.content_note": SEEN_BY_OTHERS,
    "conversations.Message.client_key": NOT_WORDS,
    "care.TherapistProfile.display_name": "the directory card every member may read",
    "care.TherapistProfile.licence_type": "the directory card every member may read",
    "care.TherapistProfile.licence_number": "the directory card every member may read",
    "care.TherapistProfile.region": "the directory card every member may read",
    "care.TherapistProfile.specialties": "the directory card every member may read",
    "care.TherapistProfile.approaches": "the directory card every member may read",
    "care.TherapistProfile.languages": "the directory card every member may read",
    "care.TherapistProfile.location": "the directory card every member may read",
    "care.TherapistProfile.insurers": "the directory card every member may read",
    "care.TherapistProfile.availability": "the directory card every member may read",
    "care.TherapistProfile.note": "the directory card every member may read",
    "care.TherapistProfile.time_zone": NOT_WORDS,
    "support.Match.seeker_pseudonym": "the name the listener sees for the seeker in one chat",
    "support.SupportRequest.worry": NOT_WORDS,
    "rooms.TearFriendInvitation.place": "where two people met, written by Tearspace",
    "rooms.TearFriendInvitation.inviter_shown_as": "a chat pseudonym Tearspace made",
    "rooms.TearFriendInvitation.invitee_shown_as": "a chat pseudonym Tearspace made",
}


def _plain_text_fields() -> set[str]:
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("tearspace."):
            continue
        for field in model._meta.concrete_fields:
            text = isinstance(field, models.CharField | models.TextField | models.JSONField)
            if text and not field.choices and not isinstance(field, EncryptedFieldMixin):
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_plain_text_field_is_one_others_see_or_not_a_persons_words():
    plain = _plain_text_fields()
    assert sorted(plain - set(PLAIN_ALLOWED)) == [], "encrypt these, or say why they may be plain"
    assert sorted(set(PLAIN_ALLOWED) - plain) == [], "no longer plain: drop them from the list"


def _raw(model: type[models.Model], field: str, pk: int) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    stored = model._meta.get_field(field)
    assert isinstance(stored, models.Field)
    column = connection.ops.quote_name(str(stored.column))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


@pytest.mark.django_db
def test_self_check_answers_and_item_9_reasons_are_stored_encrypted_and_read_back_as_given():
    person = User.objects.create_user(username="sam", password="x")
    check = SelfCheck.objects.create(
        person=person, kind="phq9", answers=[0, 1, 2, 3, 0, 1, 2, 3, 2], score=14, band="moderate"
    )
    escalation = Escalation.objects.create(
        person=person, kind="selfcheck", level="urgent", reasons=["PHQ-9 item 9 answered “3”"]
    )
    log = AuditLog.objects.create(actor=person, action="appeal", detail={"reply": "sorry-canary"})
    check.refresh_from_db()
    escalation.refresh_from_db()
    log.refresh_from_db()
    assert check.answers == [0, 1, 2, 3, 0, 1, 2, 3, 2]
    assert escalation.reasons == ["PHQ-9 item 9 answered “3”"]
    assert escalation.snapshot == ""
    assert log.detail == {"reply": "sorry-canary"}
    assert (check.score, check.band) == (14, "moderate")
    assert "3, 2" not in _raw(SelfCheck, "answers", check.pk)
    # A two-digit score could turn up inside any ciphertext by chance: check it is a Fernet token.
    assert _raw(SelfCheck, "score", check.pk).startswith("gAAAAA")
    assert "moderate" not in _raw(SelfCheck, "band", check.pk)
    assert "item 9" not in _raw(Escalation, "reasons", escalation.pk)
    assert "sorry-canary" not in _raw(AuditLog, "detail", log.pk)


@pytest.mark.django_db
def test_a_key_rotation_reseals_private_text_outside_the_journal(settings):
    from tearspace.journal.actions import do_rotate_journal_keys

    def forget_keys() -> None:  # the fields derive their keys once per process
        for field in SelfCheck._meta.concrete_fields:
            for attr in ("keys", "f"):
                field.__dict__.pop(attr, None)

    person = User.objects.create_user(username="sam", password="x")
    old = list(settings.SALT_KEY)
    check = SelfCheck.objects.create(
        person=person, kind="gad7", answers=[3, 3, 3, 3, 3, 3, 3], score=21, band="severe"
    )
    try:
        settings.SALT_KEY = ["brand-new-key-0123456789", *old]
        forget_keys()
        assert do_rotate_journal_keys()["other private texts"] >= 1
        settings.SALT_KEY = ["brand-new-key-0123456789"]
        forget_keys()
        assert SelfCheck.objects.get(pk=check.pk).answers == [3, 3, 3, 3, 3, 3, 3]
    finally:
        settings.SALT_KEY = old
        forget_keys()
