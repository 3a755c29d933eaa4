"""A listener chat on the conversation engine: who may write, what its events look like, who
gets them (the seeker and the listener, nobody else), and who is told when someone is at risk.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.conversations.policy import ConversationError, Reason, message_as_read
from tearspace.safety.screening import Screening
from tearspace.support.events import to_people
from tearspace.support.models import Match, SupportGroup


class SupportError(ConversationError):
    """A request support cannot honour; `reason` is safe to show the person."""


class _SupportChatBase:
    """What a listener chat and a small group share: their refusals and the shape of their
    message events (`{type: <message_type>, op, <key>: <id>, ...}`); seekers show under a
    pseudonym (`author_name`)."""

    erase_on_hide = True  # a moderator's removal keeps the words in the report only
    message_type: str
    key: str

    def chat(self) -> Match | SupportGroup:
        raise NotImplementedError

    def chat_id(self) -> int:
        return self.chat().pk

    def mark_hard(self) -> None:
        """Count this chat as a hard one: when it ends, its listener is offered a break
        (`after_actions.offer_break_if_hard`), whether it was one to one or a small group."""
        chat = self.chat()
        type(chat).objects.filter(pk=chat.pk).update(hard=True)

    def author_name(self, author_id: int) -> str:
        raise NotImplementedError

    def refusal(self, reason: Reason, *, status: int = 400) -> SupportError:
        return SupportError(reason, status=status)

    def message_dict(self, message: Message) -> dict[str, object]:
        return message_as_read(
            message, author=self.author_name(message.author_id), hidden_key="removed"
        )

    def added_event(self, message: Message) -> dict[str, Any]:
        return {
            "type": self.message_type,
            "op": "add",
            self.key: self.chat_id(),
            "message": self.message_dict(message),
        }

    def changed_event(self, message: Message) -> dict[str, Any]:
        return {
            "type": self.message_type,
            "op": "remove",
            self.key: self.chat_id(),
            "id": message.pk,
            "seq": message.changed_seq,
            "message_seq": message.seq,
        }


class ListenerChat(_SupportChatBase):
    """The chat of one match: its two people read and write while it is active."""

    screening_kind = "listener_message"
    message_type = "support_message"
    key = "match"

    def __init__(self, match: Match) -> None:
        self.match = match
        self._names: dict[int, str] = {}

    def chat(self) -> Match:
        return self.match

    def check_write(self, author: User) -> None:
        active = Match.objects.filter(pk=self.match.pk).values_list("active", flat=True).first()
        if author.pk not in (self.match.seeker_id, self.match.listener_id):
            raise SupportError(_("This chat is not yours."), status=403)
        if not active:
            raise SupportError(_("This chat has ended. You can still read it."))

    def author_name(self, author_id: int) -> str:
        """The seeker shows under this chat's pseudonym; a listener under their handle (after
        a hand-over, the earlier listener's words keep their own name)."""
        if author_id == self.match.seeker_id:
            return self.match.seeker_pseudonym
        if author_id == self.match.listener_id:
            return self.match.listener.username
        if author_id not in self._names:
            found = User.objects.filter(pk=author_id).values_list("username", flat=True).first()
            self._names[author_id] = found or "A listener"
        return self._names[author_id]

    def deliver(self, event: dict[str, Any], *, skip_user: int | None = None) -> None:
        people = [self.match.seeker_id, self.match.listener_id]
        to_people([p for p in people if p != skip_user], event)

    def help_and_alert(self, author: User, message: Message, screening: Screening) -> None:
        """Help the writer privately; a worried seeker's listener is asked to offer a line.

        Moderators hear of urgent words through the escalation screening files itself. The
        chat counts as a hard one: its listener is offered a break when it ends.
        """
        self.mark_hard()
        help_event = {"type": "support_help", "match": self.match.pk, "help_url": _help_url()}
        to_people([author.pk], help_event)
        if author.pk == self.match.seeker_id:
            alert = {"type": "support_alert", "match": self.match.pk, "level": screening.level}
            to_people([self.match.listener_id], alert)


def _help_url() -> str:
    return reverse("safety:help")


class GroupChat(_SupportChatBase):
    """The chat of one small group: its listener and the seekers in it now read and write while
    it is active. Seekers show under their seat's pseudonym; the listener under their handle."""

    screening_kind = "group_message"
    message_type = "support_group_message"
    key = "group"

    def __init__(self, group: SupportGroup) -> None:
        self.group = group
        seats = (
            Match.objects.filter(group=group, left_group=False)
            .order_by("started_at", "pk")
            .values_list("seeker_id", "seeker_pseudonym", "active")
        )
        self.names = {seeker: name for seeker, name, _ in seats}
        self.present = [seeker for seeker, _, active in seats if active]

    def chat(self) -> SupportGroup:
        return self.group

    def members(self) -> list[int]:
        """The listener, then the seekers in the group now in the order they came (who receive
        its events)."""
        return [self.group.listener_id, *self.present]

    def check_write(self, author: User) -> None:
        if author.pk not in self.members():
            raise SupportError(_("This group is not yours."), status=403)
        if not SupportGroup.objects.filter(pk=self.group.pk, active=True).exists():
            raise SupportError(_("This group has ended. You can still read it."))

    def author_name(self, author_id: int) -> str:
        """A seeker's pseudonym in this group; the listener's handle; "someone" for a seeker
        who has left (their words stay, their name for this group goes with them)."""
        if author_id == self.group.listener_id:
            return self.group.listener.username
        return self.names.get(author_id, "Someone who left")

    def deliver(self, event: dict[str, Any], *, skip_user: int | None = None) -> None:
        to_people([p for p in self.members() if p != skip_user], event)

    def help_and_alert(self, author: User, message: Message, screening: Screening) -> None:
        """Help the writer privately; a worried seeker's listener (only) is asked to offer a
        line. The other seekers are not told: it is not theirs to carry. The group counts as a
        hard one: its listener is offered a break when it ends."""
        self.mark_hard()
        help_event = {"type": "support_group_help", "group": self.group.pk, "help_url": _help_url()}
        to_people([author.pk], help_event)
        if author.pk != self.group.listener_id:
            alert = {
                "type": "support_group_alert",
                "group": self.group.pk,
                "level": screening.level,
                "name": self.author_name(author.pk),
            }
            to_people([self.group.listener_id], alert)
