from allauth.account.views import LoginView
from axes.decorators import axes_dispatch
from django.contrib import admin
from django.urls import include, path

from config.api import api

handler500 = "tearspace.core.views.server_error"

urlpatterns = [
    path("", include("tearspace.core.urls")),
    path("help/", include("tearspace.safety.urls")),
    path("moderation/", include("tearspace.safety.moderation_urls")),
    path("journal/", include("tearspace.journal.urls")),
    path("circles/", include("tearspace.circles.urls")),
    path("rooms/", include("tearspace.rooms.urls")),
    path("settings/", include("tearspace.accounts.urls")),
    # allauth's login, behind django-axes so a paused account stays paused.
    path("accounts/login/", axes_dispatch(LoginView.as_view()), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
