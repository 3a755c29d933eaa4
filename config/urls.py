from allauth.account.views import LoginView
from axes.decorators import axes_dispatch
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api
from tearspace.accounts import views as accounts_views
from tearspace.toolkit import views as toolkit_views

handler500 = "tearspace.safety.views.server_error"

urlpatterns = [
    path("", include("tearspace.core.urls")),
    path("help/", include("tearspace.safety.urls")),
    path("toolkit/", include("tearspace.toolkit.urls")),
    # The offline app: served at the root so the service worker may look after every page.
    path("sw.js", toolkit_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", toolkit_views.manifest, name="manifest"),
    # Browsers ask for /favicon.ico whatever the page links; answer with the app's icon.
    path("favicon.ico", RedirectView.as_view(url=static("img/icon-192.png"), permanent=True)),
    path("moderation/", include("tearspace.safety.moderation_urls")),
    path("journal/", include("tearspace.journal.urls")),
    path("circles/", include("tearspace.circles.urls")),
    path("rooms/", include("tearspace.rooms.urls")),
    path("care/", include("tearspace.care.urls")),
    path("support/", include("tearspace.support.urls")),
    path("settings/", include("tearspace.accounts.urls")),
    # allauth's login, behind django-axes so a paused account stays paused.
    path("accounts/language/", accounts_views.choose_language, name="choose_language"),
    path("accounts/login/", axes_dispatch(LoginView.as_view()), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
