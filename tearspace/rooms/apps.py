from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from tearspace.accounts.models import User
    from tearspace.rooms.models import Room


class RoomsConfig(AppConfig):
    name = "tearspace.rooms"
    label = "rooms"
    verbose_name = "Rooms"

    def ready(self) -> None:
        from tearspace.accounts import data
        from tearspace.core import demo
        from tearspace.rooms.demo import seed_demo_rooms
        from tearspace.rooms.selectors import export_rooms_data

        data.register(data.DataContributor(name="rooms", export=export_rooms_data))
        demo.register(seed_demo_rooms)

        from tearspace.safety.enforcement import register_content_place, register_content_remover

        register_content_remover("rooms.message", _hide_message)
        register_content_place("rooms.message", _message_place)
        register_content_remover("rooms.tearfriendmessage", _remove_small_chat_message)
        register_content_place("rooms.tearfriendmessage", _small_chat_message_place)

        from tearspace.circles.actions import register_block_hook

        register_block_hook(_leave_small_chats_on_block)

        from tearspace.core.events import register_socket_closer

        register_socket_closer(_close_sockets)


def _hide_message(obj: object) -> None:
    from tearspace.rooms.actions import do_hide_message_for_everyone
    from tearspace.rooms.models import Message

    assert isinstance(obj, Message)
    do_hide_message_for_everyone(message=obj)


def _message_place(obj: object) -> tuple[str, str]:
    from tearspace.rooms.models import Message

    assert isinstance(obj, Message)
    hidden = " (hidden since)" if obj.hidden else ""
    return _room_place(f"Chat message #{obj.seq}{hidden}", obj.room)


def _remove_small_chat_message(obj: object) -> None:
    from tearspace.rooms.mixer_actions import do_remove_tear_friend_message_for_everyone
    from tearspace.rooms.models import TearFriendMessage

    assert isinstance(obj, TearFriendMessage)
    do_remove_tear_friend_message_for_everyone(message=obj)


def _small_chat_message_place(obj: object) -> tuple[str, str]:
    from tearspace.rooms.models import TearFriendMessage

    assert isinstance(obj, TearFriendMessage)
    # Moderators cannot open a small chat; the reported words are in the report itself.
    what = f"Message #{obj.seq} in a small chat (only the people in it could read it)"
    return _room_place(what, obj.chat.room)


def _room_place(what: str, room: "Room") -> tuple[str, str]:
    """Name the room and link to it: live while the session runs, its page once it has ended."""
    from django.urls import reverse

    view = "rooms:detail" if room.is_ended else "rooms:live"
    return f"{what} in the room “{room.title}”", reverse(view, args=[room.pk])


def _leave_small_chats_on_block(blocker: "User", blocked: "User") -> None:
    """Someone who blocks a person they sit with in a small chat leaves that chat."""
    from tearspace.rooms.mixer_actions import do_leave_small_chats_shared_with

    do_leave_small_chats_shared_with(person=blocker, other_id=blocked.pk)


def _close_sockets(user_id: int, event_type: str) -> None:
    """Ring the person's group through the one outbox, after commit: it reaches their room
    sockets in every process and their /ws/me/ and moderation sockets."""
    from tearspace.rooms.events import Outbox

    Outbox().person(user_id, {"type": event_type})
