from django.apps import AppConfig


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


def _hide_message(obj: object) -> None:
    from tearspace.rooms.actions import do_hide_message_for_everyone
    from tearspace.rooms.models import Message

    assert isinstance(obj, Message)
    do_hide_message_for_everyone(message=obj)


def _message_place(obj: object) -> tuple[str, str]:
    """Name the room and link to it: live while the session runs, its page once it has ended."""
    from django.urls import reverse

    from tearspace.rooms.models import Message

    assert isinstance(obj, Message)
    room = obj.room
    view = "rooms:detail" if room.is_ended else "rooms:live"
    hidden = " (hidden since)" if obj.hidden else ""
    label = f"Chat message #{obj.seq}{hidden} in the room “{room.title}”"
    return label, reverse(view, args=[room.pk])
