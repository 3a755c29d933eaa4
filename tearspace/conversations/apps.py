from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "tearspace.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self) -> None:
        from tearspace.conversations.kinds import register_with_safety

        register_with_safety()
