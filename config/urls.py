from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("tearspace.core.urls")),
    path("help/", include("tearspace.safety.urls")),
    path("rooms/", include("tearspace.rooms.urls")),
    path("settings/", include("tearspace.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
