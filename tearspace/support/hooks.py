"""What support registers with lower apps from `ready()`: the moderation hooks of its kind of
conversation, blocks, export, and demo data (so nothing below imports support)."""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from tearspace.accounts.models import User
    from tearspace.conversations.models import Message


def register() -> None:
    """Called once from `SupportConfig.ready()`."""
    from tearspace.accounts import data
    from tearspace.accounts.actions import register_block_hook
    from tearspace.conversations.kinds import register_kind
    from tearspace.core import demo
    from tearspace.rooms.access import register_room_gate
    from tearspace.rooms.models import Kind as RoomKind
    from tearspace.support.after_actions import is_listener
    from tearspace.support.data import export_support_data
    from tearspace.support.demo import demo_listener_lines, seed_demo_listener

    register_kind("listener", remover=_remove_message, place=_message_place)
    register_kind("support_group", remover=_remove_group_message, place=_group_message_place)
    register_block_hook(_end_on_block)
    # Only listeners enter the listeners' debrief room, on every path (page, API, socket).
    register_room_gate(RoomKind.DEBRIEF, is_listener)
    data.register(
        data.DataContributor(name="support", export=export_support_data, delete=_leave_groups)
    )
    demo.register(seed_demo_listener)
    demo.register_login_note(demo_listener_lines)
    # A chat's words go with it: deleting either person's account deletes the whole chat. A
    # group's go with the group (its listener's account); a seeker's own words in it go with
    # their account (messages cascade), and the others' stay theirs.
    post_delete.connect(_drop_conversation, sender="support.Match")

    post_delete.connect(_drop_conversation, sender="support.SupportGroup")


def _leave_groups(user: "User") -> None:
    """Before an account is deleted: end their one-to-one chats, either side (the other person
    hears it and the listener's place is freed); as a seeker, leave their group (the others
    hear it and its count stays true); as a listener, step away and end their groups (nobody
    new is given to them meanwhile)."""
    from tearspace.support.actions import do_end_chat, do_end_group, do_leave_group
    from tearspace.support.models import ListenerProfile, Match, SupportGroup

    one_to_one = Match.objects.filter(Q(seeker=user) | Q(listener=user), group__isnull=True)
    for match in one_to_one.filter(active=True):
        do_end_chat(match=match, by=user)
    for seat in Match.objects.filter(seeker=user, active=True, group__isnull=False):
        do_leave_group(seat=seat)
    ListenerProfile.objects.filter(user=user).update(available=False)
    for group in SupportGroup.objects.select_related("listener").filter(listener=user, active=True):
        do_end_group(group=group, by="listener")


def _drop_conversation(sender: type[models.Model], instance: models.Model, **_: object) -> None:
    from tearspace.support.models import Match, SupportGroup

    if getattr(instance, "group_id", None) is not None:
        return  # a seat in a group: the conversation is the group's
    conversation = getattr(instance, "conversation", None)
    if conversation is None:
        return
    if isinstance(instance, SupportGroup):
        # The account deletion may not have reached the group's seats yet; they go with it.
        Match.objects.filter(conversation=conversation).delete()
    conversation.delete()


def _end_on_block(blocker: "User", blocked: "User") -> None:
    from tearspace.support.actions import end_chats_on_block

    end_chats_on_block(blocker, blocked)


def _remove_message(message: "Message") -> None:
    from tearspace.conversations.actions import do_hide
    from tearspace.support.chat import ListenerChat
    from tearspace.support.models import Match

    match = Match.objects.select_related("listener").get(conversation_id=message.conversation_id)
    do_hide(message=message, policy=ListenerChat(match))


def _remove_group_message(message: "Message") -> None:
    from tearspace.conversations.actions import do_hide
    from tearspace.support.chat import GroupChat
    from tearspace.support.models import SupportGroup

    group = SupportGroup.objects.select_related("listener").get(
        conversation_id=message.conversation_id
    )
    do_hide(message=message, policy=GroupChat(group))


def _group_message_place(message: "Message") -> tuple[str, str]:
    # As for listener chats: moderators do not open a group; the report holds the words.
    return (
        _("Message #%(seq)d in a small listener group (only its members could read it)")
        % {"seq": message.seq},
        reverse("moderation:queue"),
    )


def _message_place(message: "Message") -> tuple[str, str]:
    # Moderators cannot open a listener chat; the reported words are in the report itself.
    return (
        _("Message #%(seq)d in a listener chat (only its two people could read it)")
        % {"seq": message.seq},
        reverse("moderation:queue"),
    )
