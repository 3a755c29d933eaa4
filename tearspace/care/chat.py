"""Messages between a person and their therapist on the conversation engine (kind "care").

Only the two of them read and write, and only while the request stands accepted. A message
that raises help privately helps its writer and tells the other side (the therapist, or the
person when the therapist wrote) that help was shown.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tearspace.accounts.models import User
from tearspace.care.models import CareRequest, RequestState
from tearspace.conversations.models import Message
from tearspace.conversations.policy import (
    ConversationError,
    Reason,
    deliver_to_each,
    message_as_read,
)
from tearspace.lib.outbox import outbox
from tearspace.notifications.actions import do_notify
from tearspace.notifications.models import NotificationKind
from tearspace.safety.screening import Screening


class CareError(ConversationError):
    """A care step that cannot happen; `reason` is safe to show the person."""


def care_url(request: CareRequest) -> str:
    return reverse("care:request", args=[request.pk])


class CareChat:
    """The policy of one request's messages."""

    screening_kind = "therapist_message"
    erase_on_hide = True  # a removal keeps the words in the report only

    def __init__(self, request: CareRequest) -> None:
        self.request = request

    def refusal(self, reason: Reason, *, status: int = 400) -> CareError:
        return CareError(reason, status=status)

    def people(self) -> tuple[int, int]:
        return self.request.person_id, self.request.therapist.user_id

    def check_write(self, author: User) -> None:
        state = CareRequest.objects.filter(pk=self.request.pk).values_list("state", flat=True)
        if state.first() != RequestState.ACCEPTED:
            raise CareError(_("Messages open once the therapist has said yes."))
        if author.pk not in self.people():
            raise CareError(_("Only the two of you can write here."), status=403)

    def message_dict(self, message: Message) -> dict[str, object]:
        return message_as_read(message)

    def added_event(self, message: Message) -> dict[str, Any]:
        return {
            "type": "therapist_message",
            "op": "add",
            "request": self.request.pk,
            "message": self.message_dict(message),
        }

    def changed_event(self, message: Message) -> dict[str, Any]:
        return {
            "type": "therapist_message",
            "op": "hide",
            "request": self.request.pk,
            "id": message.pk,
            "seq": message.changed_seq,
            "message_seq": message.seq,
        }

    def deliver(self, event: dict[str, Any], *, skip_user: int | None = None) -> None:
        deliver_to_each(self.people(), event, skip_user=skip_user)

    def help_and_alert(self, author: User, message: Message, screening: Screening) -> None:
        outbox().person(
            author.pk,
            {
                "type": "therapist_help",
                "request": self.request.pk,
                "help_url": reverse("safety:help"),
            },
        )
        alert = {
            "type": "therapist_alert",
            "request": self.request.pk,
            "message": message.pk,
            "seq": message.seq,
            "author": author.username,
            "level": screening.level,
            "url": care_url(self.request),
        }
        # Only the other side is told; an urgent message reaches moderators through the
        # screening's own escalation, never through this conversation.
        for user_id in self.people():
            if user_id != author.pk:
                outbox().person(user_id, alert)
                # Kept as a notification too, for a therapist who is not on the page now.
                do_notify(
                    recipient_id=user_id,
                    kind=NotificationKind.CARE,
                    text=gettext_lazy(
                        "A message from %(name)s worried us, so we showed them crisis lines. "
                        "You may want to check in."
                    ),
                    params={"name": author.username},
                    url=care_url(self.request),
                )
