from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse

from tearspace.core.validators import text_problem


class RefuseUnstorableTextMiddleware:
    """Answer 400 to a path, query string or plain form carrying text no database can store.

    The one check for what arrives in URLs and url-encoded forms (NUL: broken UTF-8 there is
    already read as U+FFFD), for pages and the API alike. JSON bodies are checked by the API's
    parser (config/api.py), multipart forms by Django's form fields, with the same validators.
    Multipart bodies are left alone here: reading them would fix the upload handlers too early.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = [request.path, list(request.GET.lists())]
        if request.content_type == "application/x-www-form-urlencoded":
            fields.append(list(request.POST.lists()))
        problem = text_problem(fields)
        if problem is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400)
        raise BadRequest(problem)
