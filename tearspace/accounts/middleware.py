import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from channels.db import database_sync_to_async
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port, validate_host
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from tearspace.accounts.access import second_factor_missing
from tearspace.accounts.models import User

# What a person without MFA may still reach: allauth's own pages (setting up MFA may first ask
# them to confirm their password or verify their email), getting help, the coping toolkit and
# its offline app (open to everyone, signed in or not: staff are people who may need to breathe
# too), the JavaScript catalog every page loads, and static files. The JSON API is gated in its
# authentication (tearspace.accounts.auth), which answers in JSON and also sees personal access
# tokens.
OPEN_PATH_PREFIXES = (
    "/accounts/",
    "/help/",
    "/toolkit/",
    "/sw.js",
    "/manifest.webmanifest",
    "/jsi18n/",
    "/static/",
    "/healthz",
    "/api/",
)


class RequireStaffMFAMiddleware:
    """Send moderators, hosts, therapists and staff to set up TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OPEN_PATH_PREFIXES) and second_factor_missing(request.user):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


LAST_SEEN_KEY = "tearspace_last_seen"
# Refresh the last-seen stamp at most this often (seconds), so a burst of requests does not
# rewrite the session each time; the idle limit is exact to within this much.
LAST_SEEN_GRANULARITY = 60
# Posted fields never shown back on the "welcome back" page.
NOT_WORDS = ("csrfmiddlewaretoken", "password", "key", "token")


def stamp_sign_in(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    """Start the idle clock at sign-in (receiver of `user_logged_in`), saving a write later."""
    request.session[LAST_SEEN_KEY] = int(time.time())


def idle_too_long(session: Any, now: int) -> bool:
    """Return True when `session` saw no request for more than SESSION_IDLE_TIMEOUT seconds.

    `now` is Unix time in seconds. The one idle rule for pages, the API on a session and sockets.
    """
    timeout = settings.SESSION_IDLE_TIMEOUT
    return bool(timeout) and now - int(session.get(LAST_SEEN_KEY, now)) > timeout


class SessionIdleTimeoutMiddleware:
    """Sign a browser session out after SESSION_IDLE_TIMEOUT seconds without a request.

    A page visit after the limit goes to sign-in and comes back; a form sent after it is not
    saved (the person may not be the one who wrote it) but its words are shown back so nothing
    typed is lost. API calls on such a session get the API's own 401. Tokens have no session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.SESSION_IDLE_TIMEOUT or not request.user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        if idle_too_long(request.session, now):
            return self._expired(request)
        if now - request.session.get(LAST_SEEN_KEY, 0) >= LAST_SEEN_GRANULARITY:
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> HttpResponse:
        words = posted_words(request)
        logout(request)
        if request.path.startswith("/api/"):
            return self.get_response(request)
        if request.method == "GET":
            return redirect_to_login(request.get_full_path())
        context = {
            "words": words,
            "next": referrer_path(request),
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        }
        return render(request, "account/session_expired.html", context, status=401)


def posted_words(request: HttpRequest) -> list[tuple[str, str]]:
    """The words a person sent in a form that could not be saved, to show back: [(field name
    made readable, text)], never a token, key or password, nor an empty field."""
    return [
        (name.replace("_", " ").capitalize(), value)
        for name, value in request.POST.items()
        if isinstance(value, str)
        and value.strip()
        and not any(secret in name.lower() for secret in NOT_WORDS)
    ]


def referrer_path(request: HttpRequest) -> str:
    """The page the form was on, when it is one of ours; otherwise the home page."""
    parsed = urlsplit(request.headers.get("referer", ""))
    if parsed.netloc and parsed.netloc != request.get_host():
        return "/"
    path = parsed.path or "/"
    # "//evil.example/x" on our own host is still a path another site's address can hide in.
    if path.startswith(("//", "/\\")) or not url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}
    ):
        return "/"
    return path


class SocketGate:
    """A Channels middleware that refuses a websocket handshake when `refuses(scope)` says so.

    Other connection types pass through untouched.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and await self.refuses(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.inner(scope, receive, send)

    async def refuses(self, scope: dict[str, Any]) -> bool:
        """Return True to refuse this websocket's handshake."""
        raise NotImplementedError


def _end_if_idle(scope: dict[str, Any]) -> bool:
    user, session = scope.get("user"), scope.get("session")
    if session is None or user is None or not user.is_authenticated:
        return False
    if not idle_too_long(session, int(time.time())):
        return False
    session.flush()  # signed out, as the next page visit would have done
    return True


class IdleSessionSocketMiddleware(SocketGate):
    """Refuse a socket on a session left idle past SESSION_IDLE_TIMEOUT, and end that session.

    Sits inside Channels' AuthMiddlewareStack. Without it a socket opened from a browser left
    unattended would carry on in the person's name after the pages had stopped doing so.
    """

    async def refuses(self, scope: dict[str, Any]) -> bool:
        return bool(await database_sync_to_async(_end_if_idle)(scope))


class RequireStaffMFASocketMiddleware(SocketGate):
    """Refuse every websocket of a staff account that has no second factor yet.

    Sits inside Channels' AuthMiddlewareStack (it needs `scope["user"]`). The account is refused
    whole, not demoted to a plain member, because the pages refuse it whole too: the rule is the
    same on every interface.
    """

    async def refuses(self, scope: dict[str, Any]) -> bool:
        return bool(await database_sync_to_async(second_factor_missing)(scope.get("user")))


class UserLocaleMiddleware:
    """Speak the language a signed-in person chose, and show times in their time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not isinstance(user, User):
            timezone.deactivate()
            try:
                return self.get_response(request)
            finally:
                timezone.deactivate()  # an API token activates its owner's zone (auth.py)
        if user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        timezone.activate(user.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


DEFAULT_PORTS = {"http": 80, "https": 443}
SOCKET_SCHEMES = {"ws": "http", "wss": "https", "http": "http", "https": "https"}
Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin | None:
    """Return `url`'s origin as (scheme, host, port), ws/wss read as http/https, or None."""
    parsed = urlsplit(url.strip())
    scheme = SOCKET_SCHEMES.get(parsed.scheme.lower())
    try:
        port = parsed.port
    except ValueError:
        return None
    if scheme is None or not parsed.hostname:
        return None
    return scheme, parsed.hostname.lower(), port or DEFAULT_PORTS[scheme]


def _header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin1"))
    return ""


def trusted_socket_origins(scope: dict[str, Any]) -> set[Origin]:
    """The origins whose pages may open this socket: its own, SITE_URL and CSRF_TRUSTED_ORIGINS.

    Its own origin is the scheme the server saw (wss behind a TLS proxy needs uvicorn's
    --proxy-headers) with the Host header, when that host is in ALLOWED_HOSTS.
    """
    host = _header(scope, b"host")
    origins = {origin_of(url) for url in [settings.SITE_URL, *settings.CSRF_TRUSTED_ORIGINS]}
    domain, _port = split_domain_port(host)
    if domain and validate_host(domain, settings.ALLOWED_HOSTS):
        origins.add(origin_of(f"{scope.get('scheme', 'ws')}://{host}"))
    origins.discard(None)
    return origins  # type: ignore[return-value]


class SameOriginSocketMiddleware(SocketGate):
    """Refuse websockets whose Origin differs in scheme, host or port from a trusted origin.

    A socket carries the session cookie, so a page on another port or scheme of the same host
    (another app, plain http beside https) must not open one in the person's name.
    """

    async def refuses(self, scope: dict[str, Any]) -> bool:
        return origin_of(_header(scope, b"origin")) not in trusted_socket_origins(scope)
