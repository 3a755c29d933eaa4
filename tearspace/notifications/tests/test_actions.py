"""Notifications from any app: who sees them, and the settings that hold them back."""

from collections.abc import Callable
from datetime import time
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import User
from tearspace.notifications import actions as notification_actions
from tearspace.notifications.actions import (
    NotificationsError,
    do_mark_notifications_read,
    do_notify,
    do_save_notification_settings,
    do_send_email_digests,
    render_for,
)
from tearspace.notifications.events import notification_url
from tearspace.notifications.models import NotificationKind
from tearspace.notifications.selectors import (
    notification_list,
    notification_settings_for,
    unread_count,
)


def test_a_notification_from_another_app_leads_where_it_says(alice: User) -> None:
    made = do_notify(
        recipient_id=alice.pk, kind=NotificationKind.ROOM, text="Starts soon", url="/rooms/7/"
    )
    assert list(notification_list(person_id=alice.pk)) == [made]
    assert notification_url(made) == "/rooms/7/"


def test_an_unknown_kind_is_refused_and_nothing_is_left(alice: User) -> None:
    with pytest.raises(NotificationsError):
        do_notify(recipient_id=alice.pk, kind="advert", text="Buy now", url="/")
    assert not notification_list(person_id=alice.pk).exists()


def test_a_block_either_way_hides_what_the_other_caused(alice: User, bob: User) -> None:
    do_notify(recipient_id=alice.pk, kind=NotificationKind.ROOM, text="x", actor_id=bob.pk)
    do_notify(recipient_id=bob.pk, kind=NotificationKind.ROOM, text="y", actor_id=alice.pk)
    do_block(blocker=alice, blocked=bob)
    assert not notification_list(person_id=alice.pk).exists()
    assert not notification_list(person_id=bob.pk).exists()


def test_reading_marks_only_my_own_notifications(alice: User, bob: User) -> None:
    for person in (alice, bob):
        do_notify(recipient_id=person.pk, kind=NotificationKind.ROOM, text="x")
    assert do_mark_notifications_read(person=alice) == 1
    assert notification_list(person_id=bob.pk).get().read_at is None


def test_the_digest_needs_an_email_address(alice: User) -> None:
    alice.email = ""
    alice.save(update_fields=["email"])
    with pytest.raises(NotificationsError, match="email address"), transaction.atomic():
        do_save_notification_settings(
            person=alice, quiet_start=None, quiet_end=None, email_digest=True
        )
    assert not notification_settings_for(person=alice).email_digest


def test_quiet_hours_are_saved_for_the_person_only(alice: User, bob: User) -> None:
    do_save_notification_settings(
        person=alice, quiet_start=time(22), quiet_end=time(7), email_digest=False
    )
    assert notification_settings_for(person=alice).quiet_start == time(22)
    assert notification_settings_for(person=bob).quiet_start is None


def test_the_unread_count_leaves_out_blocks_either_way_and_what_was_read(
    alice: User, bob: User, charlie: User
) -> None:
    dana = User.objects.create_user(username="dana", password="x")
    for actor_id in (bob.pk, charlie.pk, dana.pk, None):
        do_notify(recipient_id=alice.pk, kind=NotificationKind.ROOM, text="x", actor_id=actor_id)
    do_notify(recipient_id=bob.pk, kind=NotificationKind.ROOM, text="not alice's")
    assert unread_count(person_id=alice.pk) == 4
    do_block(blocker=alice, blocked=charlie)
    do_block(blocker=dana, blocked=alice)
    assert unread_count(person_id=alice.pk) == 2
    assert unread_count(person_id=bob.pk) == 1
    do_mark_notifications_read(person=alice)
    assert unread_count(person_id=alice.pk) == 0
    assert unread_count(person_id=bob.pk) == 1


def _recording_language(seen: list[str | None], words: str) -> Callable[[], str]:
    def build() -> str:
        seen.append(translation.get_language())
        return words

    return build


def test_a_notification_is_worded_in_the_recipients_language_not_the_senders(
    alice: User, bob: User
) -> None:
    bob.language = "de"
    bob.save(update_fields=["language"])
    seen: list[str | None] = []
    with translation.override("es"):
        made = do_notify(
            recipient_id=bob.pk,
            kind=NotificationKind.ROOM,
            text=_recording_language(seen, "Gleich geht es los"),
            actor_id=alice.pk,
        )
        assert translation.get_language() == "es"
    assert seen == ["de"]
    assert made.text == "Gleich geht es los"


def test_a_lazy_message_and_its_lazy_params_are_rendered_in_the_recipients_language(
    bob: User,
) -> None:
    bob.language = "de"
    bob.save(update_fields=["language"])
    # Django's own catalog has these words in German, so this needs no project catalog.
    with translation.override("es"):
        made = do_notify(
            recipient_id=bob.pk,
            kind=NotificationKind.ROOM,
            text=gettext_lazy("Yes"),
        )
        with_params = do_notify(
            recipient_id=bob.pk,
            kind=NotificationKind.ROOM,
            text="%(answer)s!",
            params={"answer": gettext_lazy("No")},
        )
    assert made.text == "Ja"
    assert with_params.text == "Nein!"


def test_no_language_chosen_means_the_sites_language(alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(language="")
    seen: list[str | None] = []
    with translation.override("fr"):
        do_notify(
            recipient_id=alice.pk, kind=NotificationKind.ROOM, text=_recording_language(seen, "x")
        )
    assert seen == [settings.LANGUAGE_CODE]


@pytest.mark.django_db
def test_the_digest_email_is_written_in_the_recipients_language(
    alice: User, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    bob.language = "de"
    bob.email = "bob@example.org"
    bob.save(update_fields=["language", "email"])
    do_save_notification_settings(person=bob, quiet_start=None, quiet_end=None, email_digest=True)
    do_notify(recipient_id=bob.pk, kind=NotificationKind.ROOM, text="x")
    seen: list[str | None] = []

    def body(count: int, link: str) -> str:
        seen.append(translation.get_language())
        return "body"

    monkeypatch.setattr(notification_actions, "_digest_body", body)
    with translation.override("es"):
        assert do_send_email_digests() == 1
    assert seen == ["de"]
    assert mail.outbox[-1].body == "body"


def test_a_language_the_caller_already_read_is_used_without_asking_again(
    bob: User, django_assert_num_queries: Any
) -> None:
    """A fan-out passes each recipient's language it read with them: no query per recipient
    for it, and the words are still theirs."""
    with translation.override("es"), django_assert_num_queries(0):
        text = render_for(bob.pk, gettext_lazy("Yes"), language="de")
    assert text == "Ja"
