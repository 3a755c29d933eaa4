from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "tearspace.support"
    label = "support"
    verbose_name = "Someone now"

    def ready(self) -> None:
        from tearspace.support import hooks

        hooks.register()
