from django.urls import path, re_path

from tearspace.core.consumers import NoSuchSocketConsumer, PersonalEventsConsumer
from tearspace.rooms.consumers import RoomConsumer
from tearspace.safety.consumers import ModerationConsumer
from tearspace.support.consumers import SupportChatConsumer, SupportGroupConsumer

websocket_urlpatterns = [
    path("ws/me/", PersonalEventsConsumer.as_asgi()),
    path("ws/moderation/", ModerationConsumer.as_asgi()),
    path("ws/rooms/<id:room_id>/", RoomConsumer.as_asgi()),
    path("ws/support/<id:match_id>/", SupportChatConsumer.as_asgi()),
    path("ws/support/groups/<id:group_id>/", SupportGroupConsumer.as_asgi()),
    re_path(r"", NoSuchSocketConsumer.as_asgi()),
]
