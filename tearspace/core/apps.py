from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tearspace.core"
    label = "core"
    verbose_name = "Tearspace core"
