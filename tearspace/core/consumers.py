from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer, AsyncWebsocketConsumer

from tearspace.lib.fanout import closing_code, personal_group

CLOSE_NOT_FOUND = 4404


class DeliverOnlyConsumer(AsyncJsonWebsocketConsumer):
    """A socket that only delivers events: frames from the client are ignored, never parsed.

    Parsing them would let a malformed frame (not JSON, a lone surrogate) close the socket.
    """

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # People act through pages and the API, where every write is checked and audited.
        return


class PersonalEventsConsumer(DeliverOnlyConsumer):
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

    async def personal_event(self, message: dict[str, Any]) -> None:
        if (code := closing_code(message["event"])) is not None:
            await self.close(code=code)
            return
        await self.send_json(message["event"])


class NoSuchSocketConsumer(AsyncWebsocketConsumer):
    """Any other socket path (or an id too large to exist): refused politely, like a 404."""

    async def connect(self) -> None:
        await self.close(code=CLOSE_NOT_FOUND)
