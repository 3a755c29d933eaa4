from django.urls import path

from tearspace.toolkit import views
from tearspace.toolkit.catalogue import TOOL_PAGES

app_name = "toolkit"
urlpatterns = [
    path("", views.index, name="index"),
    *(path(tool.path, views.tool_page, {"key": tool.key}, name=tool.key) for tool in TOOL_PAGES),
    path("used/", views.record_use, name="record_use"),
    path("mine/", views.my_tools, name="mine"),
    path("reminder/", views.set_reminder, name="set_reminder"),
    path("reminder/<id:reminder_id>/dismiss/", views.dismiss_reminder, name="dismiss_reminder"),
]
