import logging
from typing import cast

from django.db import DataError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.types import DictStrAny

from tearspace.accounts.api import router as accounts_router
from tearspace.care.api import router as care_router
from tearspace.circles.api import router as circles_router
from tearspace.core.validators import BadInput, check_text, parse_json
from tearspace.journal.api import router as journal_router
from tearspace.rooms.api import router as rooms_router
from tearspace.safety.api import router as safety_router
from tearspace.support.api import router as support_router

logger = logging.getLogger(__name__)


class CheckedParser(Parser):
    """Read bodies and query strings through the shared validators (no NUL, no lone surrogates;
    no number past a 64-bit column anywhere in a body, declared field or not)."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        """The body as an object of named fields; anything else is refused with a reason.

        Ninja read a list, a string, a number or null as an empty object, so a route whose
        fields are all optional took `[]` or `[{"intensity": 3}]` as "nothing given" (201).
        """
        data = parse_json(request.body, numbers_fit_columns=True)
        if not isinstance(data, dict):
            raise BadInput(_('Send the fields as a JSON object, such as {"name": "value"}.'))
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        parsed = super().parse_querydict(data, list_fields, request)
        check_text(parsed)
        return parsed


api = NinjaAPI(
    parser=CheckedParser(),
    # Lazy, so the API docs speak the reader's language (NinjaAPI's hints say str).
    title=cast(str, gettext_lazy("Tearspace API")),
    version="1",
    description=cast(
        str,
        gettext_lazy(
            "Everything a person can do in Tearspace, with the privacy rules of the pages."
        ),
    ),
    urls_namespace="api",
    # No validator badge: Swagger UI would fetch it from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(BadInput)
def bad_input(request: HttpRequest, exc: BadInput) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja wraps the body parser's refusal in a generic one: give the parser's own reason.
    reason = exc.__cause__ if isinstance(exc.__cause__, BadInput) else exc
    return api.create_response(request, {"detail": str(reason)}, status=exc.status_code)


@api.exception_handler(OverflowError)
def id_out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    """An id too large for any database column names nothing that exists."""
    return api.create_response(request, {"detail": _("Not Found")}, status=404)


@api.exception_handler(DataError)
def value_out_of_range(request: HttpRequest, exc: DataError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("A value is outside what can be stored.")}, status=400
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_away(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database is briefly unreachable (a restart, a failover): ask the client to retry."""
    logger.warning("api: database unavailable: %s", exc)
    response = api.create_response(
        request,
        {"detail": _("We couldn't reach our storage just now. Please try again.")},
        status=503,
    )
    response["Retry-After"] = "2"
    return response


api.add_router("/", accounts_router)
api.add_router("/", safety_router)
api.add_router("/journal", journal_router)
api.add_router("/circles", circles_router)
api.add_router("/rooms", rooms_router)
api.add_router("/care", care_router)
api.add_router("/support", support_router)
