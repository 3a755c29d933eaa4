from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "tearspace.safety"
    label = "safety"
    verbose_name = _("Safety")

    def ready(self) -> None:
        from tearspace.accounts import data
        from tearspace.core import demo
        from tearspace.safety.data import export_safety, seed_demo

        # Everything here is removed by the database cascade with the account.
        data.register(data.DataContributor(name="safety", export=export_safety))
        demo.register(seed_demo)
