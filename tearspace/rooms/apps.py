from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from tearspace.accounts.models import User
    from tearspace.conversations.models import Message
    from tearspace.rooms.models import Room


class RoomsConfig(AppConfig):
    name = "tearspace.rooms"
    label = "rooms"
    verbose_name = gettext_lazy("Rooms")

    def ready(self) -> None:
        from tearspace.accounts import data
        from tearspace.core import demo
        from tearspace.rooms.data import export_rooms_data
        from tearspace.rooms.demo import demo_host_lines, seed_demo_rooms

        data.register(data.DataContributor(name="rooms", export=export_rooms_data))
        demo.register(seed_demo_rooms)
        demo.register_login_note(demo_host_lines)

        from tearspace.conversations.kinds import register_kind

        register_kind("room", remover=_hide_message, place=_message_place)
        register_kind(
            "small_chat", remover=_remove_small_chat_message, place=_small_chat_message_place
        )
        register_kind("check_in", remover=_remove_check_in_message, place=_check_in_message_place)

        # A room's or small chat's words go with it (its conversation is protected while it
        # stands): deleting a host's account deletes their rooms and everyone's words in them.
        post_delete.connect(_drop_conversation, sender="rooms.Room")
        post_delete.connect(_drop_conversation, sender="rooms.TearFriendChat")
        # A check-in goes with the room, and with the person's account (the host's words to
        # them were for them alone).
        post_delete.connect(_drop_conversation, sender="rooms.CheckIn")

        from tearspace.accounts.actions import register_block_hook

        register_block_hook(_leave_small_chats_on_block)

        from tearspace.core import today
        from tearspace.rooms.views import today_rooms_soon

        today.register(
            today.TodaySection("rooms_soon", 30, "rooms/_today_soon.html", today_rooms_soon)
        )


def _drop_conversation(sender: type[models.Model], instance: models.Model, **_: object) -> None:
    conversation = getattr(instance, "conversation", None)
    if conversation is not None:
        conversation.delete()


def _hide_message(message: "Message") -> None:
    from tearspace.rooms.host_actions import do_hide_message_for_everyone

    do_hide_message_for_everyone(message=message)


def _message_place(message: "Message") -> tuple[str, str]:
    from tearspace.rooms.models import Room

    room = Room.objects.get(conversation_id=message.conversation_id)
    if message.hidden:
        what = _("Chat message #%(seq)d (hidden since)") % {"seq": message.seq}
    else:
        what = _("Chat message #%(seq)d") % {"seq": message.seq}
    return _room_place(what, room)


def _remove_small_chat_message(message: "Message") -> None:
    from tearspace.rooms.mixer_actions import do_remove_tear_friend_message_for_everyone

    do_remove_tear_friend_message_for_everyone(message=message)


def _small_chat_message_place(message: "Message") -> tuple[str, str]:
    from tearspace.rooms.models import TearFriendChat

    chat = TearFriendChat.objects.select_related("room").get(
        conversation_id=message.conversation_id
    )
    # Moderators cannot open a small chat; the reported words are in the report itself.
    what = _("Message #%(seq)d in a small chat (only the people in it could read it)") % {
        "seq": message.seq
    }
    return _room_place(what, chat.room)


def _remove_check_in_message(message: "Message") -> None:
    from tearspace.rooms.check_in_actions import do_remove_check_in_message_for_everyone

    do_remove_check_in_message_for_everyone(message=message)


def _check_in_message_place(message: "Message") -> tuple[str, str]:
    from tearspace.rooms.models import CheckIn

    check_in = CheckIn.objects.select_related("room").get(conversation_id=message.conversation_id)
    # Moderators cannot open a check-in; the reported words are in the report itself.
    what = _("Message #%(seq)d in a private check-in with the host (only the two read it)") % {
        "seq": message.seq
    }
    return _room_place(what, check_in.room)


def _room_place(what: str, room: "Room") -> tuple[str, str]:
    """Name the room and link to it: live while the session runs, its page once it has ended."""
    from django.urls import reverse

    view = "rooms:detail" if room.is_ended else "rooms:live"
    # Translators: %(what)s is a message, such as "Chat message #3"; the room's title follows.
    where = _("%(what)s in the room “%(title)s”") % {"what": what, "title": room.title}
    return where, reverse(view, args=[room.pk])


def _leave_small_chats_on_block(blocker: "User", blocked: "User") -> None:
    """Someone who blocks a person they sit with in a small chat leaves that chat."""
    from tearspace.rooms.mixer_actions import do_leave_small_chats_shared_with

    do_leave_small_chats_shared_with(person=blocker, other_id=blocked.pk)
