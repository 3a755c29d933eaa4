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
