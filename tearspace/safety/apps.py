from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "tearspace.safety"
    label = "safety"
    verbose_name = "Safety"
