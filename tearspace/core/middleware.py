from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse

from tearspace.core.validators import text_problem


class RefuseUnstorableTextMiddleware:
    """Answer 400 to a path, query string or form carrying text no database can store.

    The one check for what arrives in URLs and forms (NUL: broken UTF-8 there is already read
    as U+FFFD), for pages and the API alike; many page views read request.POST directly, so a
    form field check alone would miss them. Page forms are read here whether url-encoded or
    multipart (CsrfViewMiddleware reads them next anyway, so no view can change the upload
    handlers after this). The API's JSON bodies and multipart forms are checked by its own
    parser (config/api.py) with the same validators, after its authentication.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = [request.path, list(request.GET.lists())]
        if request.content_type == "application/x-www-form-urlencoded" or (
            request.content_type == "multipart/form-data" and not request.path.startswith("/api/")
        ):
            fields.append(list(request.POST.lists()))
        problem = text_problem(fields)
        if problem is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400)
        raise BadRequest(problem)
