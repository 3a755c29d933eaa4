from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse

from tearspace.core.validators import text_problem


class RefuseUnstorableTextMiddleware:
    """Answer 400 to a path or query string carrying text no database can store (NUL).

    The one check for what arrives in URLs, for pages and the API alike; bodies are checked by
    forms (pages) and by the API's parser (config/api.py), each with the same validators.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = text_problem([request.path, list(request.GET.lists())])
        if problem is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400)
        raise BadRequest(problem)
