from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitConfig(AppConfig):
    name = "tearspace.toolkit"
    label = "toolkit"
    verbose_name = _("Toolkit")

    def ready(self) -> None:
        from tearspace.accounts import data
        from tearspace.toolkit.data import export_toolkit

        # Tool uses and reminders go with the account row through the database cascade.
        data.register(data.DataContributor(name="toolkit", export=export_toolkit))

        from tearspace.core import today
        from tearspace.toolkit.views import today_tools

        today.register(today.TodaySection("tools", 40, "toolkit/_today_tools.html", today_tools))
