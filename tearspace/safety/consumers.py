from typing import Any

from channels.db import database_sync_to_async

from tearspace.core.consumers import DeliverOnlyConsumer
from tearspace.safety.access import is_moderator
from tearspace.safety.events import MODERATION_GROUP


@database_sync_to_async
def has_second_factor(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class ModerationConsumer(DeliverOnlyConsumer):
    """Tell open moderator consoles that the queue changed. Moderators and operators only."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        # Same rule as the pages: staff roles need their second factor set up first.
        if not is_moderator(user) or not await has_second_factor(user):
            await self.close(code=4403)
            return
        await self.channel_layer.group_add(MODERATION_GROUP, self.channel_name)
        self.joined = True
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "joined", False):
            await self.channel_layer.group_discard(MODERATION_GROUP, self.channel_name)

    async def moderation_event(self, message: dict[str, Any]) -> None:
        # Re-check from the database: a role can be taken away while a socket stays open.
        user = self.scope.get("user")
        await database_sync_to_async(user.refresh_from_db)(fields=["role", "is_active"])
        if not is_moderator(user):
            await self.close(code=4403)
            return
        await self.send_json(message["event"])
