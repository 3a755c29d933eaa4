from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

NUL_IN_JSON = (b"\\u0000", b"\x00")


class RefuseNulInJsonMiddleware:
    """Answer 400 to JSON bodies carrying NUL characters, which no database can store as text.

    Forms already refuse them (Django's ProhibitNullCharactersValidator); this gives API clients
    the same clear answer instead of a database error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.content_type == "application/json" and any(
            marker in request.body for marker in NUL_IN_JSON
        ):
            return JsonResponse(
                {"detail": "Text can't contain NUL (\\u0000) characters."}, status=400
            )
        return self.get_response(request)
