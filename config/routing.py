from django.urls import path

from tearspace.core.consumers import PersonalEventsConsumer

websocket_urlpatterns = [
    path("ws/me/", PersonalEventsConsumer.as_asgi()),
]
