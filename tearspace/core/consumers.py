from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from tearspace.core.events import ACCOUNT_CLOSED, personal_group


class PersonalEventsConsumer(AsyncJsonWebsocketConsumer):
    """Deliver a signed-in person's own live events (notifications, help, queue updates)."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = personal_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # This socket only delivers; people act through pages and the API.
        return

    async def personal_event(self, message: dict[str, Any]) -> None:
        if message["event"].get("type") == ACCOUNT_CLOSED:
            await self.close(code=4401)  # the account was deleted or banned
            return
        await self.send_json(message["event"])
