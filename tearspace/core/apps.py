from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tearspace.core"
    label = "core"
    verbose_name = _("Tearspace core")

    def ready(self) -> None:
        from tearspace.core.validators import IdConverter

        # `<id:...>` in every URL conf: an id too large for the database is a 404, not a 500.
        register_converter(IdConverter, "id")

        from tearspace.core import today

        today.register(today.TodaySection("how_now", 20, "core/_today_now.html", lambda _r: {}))
