from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tearspace.notifications"
    label = "notifications"
    verbose_name = "Notifications"
