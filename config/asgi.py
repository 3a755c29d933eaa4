"""ASGI entry point: Django for HTTP, Channels for websockets."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from tearspace.accounts.middleware import (  # noqa: E402
    IdleSessionSocketMiddleware,
    RequireStaffMFASocketMiddleware,
    SameOriginSocketMiddleware,
)
from tearspace.lib.asgi import ServerSendMiddleware  # noqa: E402
from tearspace.safety.screening import warm_up  # noqa: E402

warm_up()

# Websockets use the same session cookie as pages, only from our own origins (scheme, host and
# port), under the same idle limit as pages and the same second-factor rule for staff roles.
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginSocketMiddleware(
            ServerSendMiddleware(
                AuthMiddlewareStack(
                    IdleSessionSocketMiddleware(
                        RequireStaffMFASocketMiddleware(URLRouter(websocket_urlpatterns))
                    )
                )
            )
        ),
    }
)
