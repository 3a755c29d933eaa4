from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "tearspace.support"
    label = "support"
    verbose_name = _("Someone now")

    def ready(self) -> None:
        from tearspace.support import hooks

        hooks.register()
