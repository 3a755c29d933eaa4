from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse

from tearspace.core.validators import text_problem

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseUnstorableTextMiddleware:
    """Answer 400 to a path, query string or plain form carrying text no database can store.

    The one check for what arrives in URLs and forms, url-encoded or multipart (NUL: broken
    UTF-8 there is already read as U+FFFD), for pages and the API alike, so a view that reads
    `request.POST` itself is covered as well as a Django form. JSON bodies are checked by the
    API's parser (config/api.py) with the same validators. Reading a multipart body here fixes
    the upload handlers early; no view changes them (the CSRF check reads the body anyway).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = [request.path, list(request.GET.lists())]
        if request.content_type in FORM_TYPES:
            fields.append(list(request.POST.lists()))
        problem = text_problem(fields)
        if problem is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400)
        raise BadRequest(problem)
