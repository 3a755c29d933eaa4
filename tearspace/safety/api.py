from django.http import HttpRequest
from ninja import Router, Schema

from tearspace.safety.selectors import country_for, crisis_lines_for

router = Router(tags=["safety"])


class CrisisLineOut(Schema):
    id: int
    country: str | None
    country_name: str | None
    name: str
    description: str
    phone: str | None
    text: str | None
    chat_url: str | None
    url: str | None
    hours: str
    languages: str
    source: str
    checked_on: str


class CrisisLinesOut(Schema):
    country: str
    local: list[CrisisLineOut]
    international: list[CrisisLineOut]
    elsewhere: list[CrisisLineOut]


@router.get("/crisis-lines", response=CrisisLinesOut, auth=None)
def crisis_lines(request: HttpRequest, country: str = "") -> dict[str, object]:
    # `country` is read by country_for from the query string; declared here for the schema.
    """Crisis lines, the given country's first. Open to everyone, signed in or not."""
    code = country_for(request)
    lines = crisis_lines_for(code)
    return {
        "country": code,
        "local": [line.to_dict() for line in lines.local],
        "international": [line.to_dict() for line in lines.international],
        "elsewhere": [line.to_dict() for line in lines.elsewhere],
    }
