from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.circles.actions import do_save_circle_settings
from tearspace.notifications.actions import do_send_email_digests
from tearspace.notifications.models import Notification, NotificationKind, NotificationSettings

pytestmark = pytest.mark.django_db


def notify(person: User, text: str = "bob replied to your cry about Dad") -> Notification:
    return Notification.objects.create(
        recipient=person, kind=NotificationKind.choices[0][0], text=text
    )


def opt_in(person: User) -> None:
    do_save_circle_settings(
        person=person, quiet_start=None, quiet_end=None, hidden_notes=[], email_digest=True
    )


def test_it_emails_how_many_are_waiting_and_nothing_else(alice: User) -> None:
    opt_in(alice)
    notify(alice)
    notify(alice)
    call_command("send_digests")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["alice@example.org"]
    assert "You have 2 new notifications" in email.body
    assert "/circles/notifications/" in email.body
    assert "bob" not in email.body
    assert "Dad" not in email.body


def test_it_sends_at_most_one_digest_a_day(alice: User) -> None:
    opt_in(alice)
    notify(alice)
    assert do_send_email_digests() == 1
    notify(alice)
    assert do_send_email_digests() == 0
    later = timezone.now() + timedelta(hours=21)
    assert do_send_email_digests(now=later) == 1
    assert "You have 1 new notification " in mail.outbox[-1].body


def test_nothing_is_sent_without_consent_an_email_or_anything_waiting(
    alice: User, bob: User
) -> None:
    notify(alice)
    opt_in(bob)
    assert do_send_email_digests() == 0
    notify(bob)
    Notification.objects.filter(recipient=bob).update(read_at=timezone.now())
    assert do_send_email_digests() == 0
    assert mail.outbox == []


def test_turning_it_on_needs_an_email_address(alice: User) -> None:
    alice.email = ""
    alice.save()
    with pytest.raises(Exception, match="Add an email address"):
        opt_in(alice)
    assert not NotificationSettings.objects.filter(person=alice, email_digest=True).exists()


def test_quiet_hours_hold_the_digest(alice: User) -> None:
    do_save_circle_settings(
        person=alice,
        quiet_start=time(0, 0),
        quiet_end=time(23, 59),
        hidden_notes=[],
        email_digest=True,
    )
    notify(alice)
    noon = timezone.now().replace(hour=12, minute=0)
    assert do_send_email_digests(now=noon) == 0


def test_the_notifications_page_turns_the_digest_on(alice: User, login) -> None:
    response = login(alice).post(
        "/circles/notifications/", {"email_digest": "on", "quiet_start": "", "quiet_end": ""}
    )
    assert response.status_code == 302
    assert NotificationSettings.objects.get(person=alice).email_digest
