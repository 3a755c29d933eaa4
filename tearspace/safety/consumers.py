from typing import Any

from channels.db import database_sync_to_async

from tearspace.core.consumers import DeliverOnlyConsumer
from tearspace.lib.fanout import closing_code, personal_group
from tearspace.safety.access import is_moderator
from tearspace.safety.events import MODERATION_GROUP


class ModerationConsumer(DeliverOnlyConsumer):
    """Tell open moderator consoles that the queue changed. Moderators and operators only."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        # is_moderator includes the second factor, the same rule as pages and the API.
        if not await database_sync_to_async(is_moderator)(user):
            await self.close(code=4403)
            return
        await self.channel_layer.group_add(MODERATION_GROUP, self.channel_name)
        # The person's own group only for the events that close sockets (core.events).
        await self.channel_layer.group_add(personal_group(user.pk), self.channel_name)
        self.joined = True
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "joined", False):
            await self.channel_layer.group_discard(MODERATION_GROUP, self.channel_name)
            user = self.scope["user"]
            await self.channel_layer.group_discard(personal_group(user.pk), self.channel_name)

    async def moderation_event(self, message: dict[str, Any]) -> None:
        # Re-check from the database: a role can be taken away while a socket stays open.
        user = self.scope.get("user")
        await database_sync_to_async(user.refresh_from_db)(fields=["role", "is_active"])
        if not await database_sync_to_async(is_moderator)(user):
            await self.close(code=4403)
            return
        await self.send_json(message["event"])

    async def personal_event(self, message: dict[str, Any]) -> None:
        # The person's other events belong on /ws/me/, not on the console.
        if (code := closing_code(message["event"])) is not None:
            # The console connects again on any code but 4403, and is_moderator decides then.
            await self.close(code=code)
