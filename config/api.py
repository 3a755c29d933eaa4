import json
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser

from tearspace.accounts.api import router as accounts_router
from tearspace.safety.api import router as safety_router


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class TextParser(Parser):
    """Parse JSON bodies, refusing NUL characters (no database can store them in text)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if _has_nul(data):
            raise HttpError(400, "Text can't contain NUL (\\u0000) characters.")
        return data


api = NinjaAPI(
    title="Tearspace API",
    version="1",
    description="Everything a person can do in Tearspace, with the privacy rules of the pages.",
    urls_namespace="api",
    parser=TextParser(),
)
api.add_router("/", accounts_router)
api.add_router("/", safety_router)
