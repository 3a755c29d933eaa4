import hashlib
from pathlib import Path

import django
from allauth.account.views import LoginView
from axes.decorators import axes_dispatch
from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from config.api import api
from tearspace.accounts import views as accounts_views
from tearspace.toolkit import views as toolkit_views

handler500 = "tearspace.safety.views.server_error"


def javascript_catalog_version() -> str:
    """Name the compiled JavaScript catalogs (ours and Django's): new catalogs, a new name."""
    digest = hashlib.sha256(django.get_version().encode())
    for locale_dir in settings.LOCALE_PATHS:
        for catalog in sorted(Path(locale_dir).glob("*/LC_MESSAGES/djangojs.mo")):
            digest.update(catalog.parent.parent.name.encode())
            digest.update(catalog.read_bytes())
    return digest.hexdigest()[:12]


# The JavaScript catalog's address carries its version (Django's advice), so a
# deploy with new translations is never served from a browser's old copy.
JS_CATALOG_VERSION = javascript_catalog_version()

urlpatterns = [
    path("", include("tearspace.core.urls")),
    path("help/", include("tearspace.safety.urls")),
    path("toolkit/", include("tearspace.toolkit.urls")),
    # The offline app: served at the root so the service worker may look after every page.
    path("sw.js", toolkit_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", toolkit_views.manifest, name="manifest"),
    # Browsers ask for /favicon.ico whatever the page links; answer with the app's icon.
    path("favicon.ico", RedirectView.as_view(url=static("img/icon-192.png"), permanent=True)),
    # The words the page scripts show, in the person's language (templates/base.html loads it).
    path(
        f"jsi18n/{JS_CATALOG_VERSION}/",
        # Kept by the browser for a day, not in the server's cache: the answer varies by
        # cookie, so a server-side copy per session (or per made-up query) would only fill it.
        cache_control(max_age=60 * 60 * 24, private=True)(JavaScriptCatalog.as_view()),
        name="javascript-catalog",
    ),
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
