"""What the JSON API's routers share: the body of a refused request and how to answer one,
the id of a body field.

One class per OpenAPI component name: two schemas with one name would be listed in the API
docs as one (the second's fields shown for the first's route), so shared shapes live here.
"""

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from tearspace.core.validators import MAX_ID

# An id in a request body: names a row only if it fits a column; the range shows in OpenAPI and
# anything outside it is a 422 naming the field (numbers in bodies are declared with a range).
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Problem(Schema):
    """A 4xx answer's body: ``{"detail": "why, in plain words"}``."""

    detail: str


# A route's answer when it declares several responses: (status, body).
Answer = tuple[int, dict[str, Any]]


def problem(status: int, detail: str) -> Answer:
    """Refuse with `status` and a `Problem` body saying why in plain words."""
    return status, {"detail": detail}
