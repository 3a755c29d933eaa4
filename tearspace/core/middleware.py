from collections.abc import Callable

from django.contrib.auth import get_user
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from tearspace.core.validators import text_problem


class RefuseUnstorableTextMiddleware:
    """Answer 400 to a path or query string carrying text no database can store, and take NUL
    characters out of page forms so the person's words are kept.

    The one check for what arrives in URLs and forms (NUL: broken UTF-8 there is already read
    as U+FFFD), for pages and the API alike; many page views read request.POST directly, so a
    form field check alone would miss them. A page form (url-encoded or multipart; CSRF
    middleware reads it next anyway, so no view can change the upload handlers after this) goes
    on without its NUL characters — invisible, never typed, often pasted — so the view saves the
    words or shows the form again with them, instead of a bare 400 that loses them. The API's
    JSON bodies and multipart forms are refused by its own parser (config/api.py) with the same
    validators, after its authentication, with a 400 that says why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = text_problem([request.path, list(request.GET.lists())])
        if problem is not None:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": problem}, status=400)
            return _bad_address_page(request)
        if _is_page_form(request) and text_problem(list(request.POST.lists())) is not None:
            # django-stubs type the setter as the immutable subclass; any QueryDict is accepted.
            request.POST = _without_nul(request.POST)  # type: ignore[assignment]
        return self.get_response(request)


def _bad_address_page(request: HttpRequest) -> HttpResponse:
    """The site's own page for an address that cannot be read, with the person's header.

    This runs before the authentication middleware (the session is read already), so the
    person is looked up here as that middleware would, lazily.
    """
    request.user = SimpleLazyObject(lambda: get_user(request))  # type: ignore[assignment]
    return render(request, "400.html", status=400)


def _is_page_form(request: HttpRequest) -> bool:
    return request.content_type == "application/x-www-form-urlencoded" or (
        request.content_type == "multipart/form-data" and not request.path.startswith("/api/")
    )


def _without_nul(posted: QueryDict) -> QueryDict:
    """A copy of a form's fields with every NUL character taken out of names and values."""
    clean = QueryDict(mutable=True)
    for name, values in posted.lists():
        clean.setlist(name.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    clean._mutable = False
    return clean


API_PREFIX = "/api/"
_API_REASONS = {
    404: _("Not Found"),
    405: _("That method isn't allowed here."),
    500: _("Something went wrong on our side. Please try again."),
    503: _("We couldn't reach our storage just now. Please try again."),
}


class ApiErrorsAsJsonMiddleware:
    """Answer every API error as JSON `{"detail": reason}`, whoever produced it.

    The API's own errors are JSON already; this is the chokepoint for the rest under /api/: a
    path the API's routes do not match (an id with a minus sign, one past any column), a method
    a route does not take, the CSRF and server-error pages, a file's plain-text refusal (its
    words become the `detail`). Clients read `detail` for every 4xx and 5xx, never an HTML
    page. Keep it outermost so it sees every other layer's answer.

    A server error (5xx) never passes its body on, JSON or not: in DEBUG both ninja and Django
    answer a failure with its traceback (code, file paths, the values at hand, perhaps a
    person's words), and no other 5xx body says more to a client than the generic sentence.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.status_code >= 500:
            reason = str(_API_REASONS.get(response.status_code, _API_REASONS[500]))
        elif response.get("Content-Type", "").startswith("application/json"):
            return response
        else:
            reason = _own_words(response) or str(
                _API_REASONS.get(response.status_code, response.reason_phrase)
            )
        answer = JsonResponse({"detail": reason}, status=response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer


def _own_words(response: HttpResponse) -> str:
    """A plain-text 4xx answer's own sentence (a kind note such as a missing recording's), kept.

    Never call it for a 5xx: there the plain text may be a traceback.
    """
    if not response.get("Content-Type", "").startswith("text/plain") or response.streaming:
        return ""
    return response.content.decode(response.charset or "utf-8", "replace").strip()[:300]
