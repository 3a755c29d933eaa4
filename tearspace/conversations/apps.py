from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "tearspace.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from tearspace.conversations.kinds import register_with_safety

        register_with_safety()
