"""Creates that happen once: a double click, a retry after a lost answer, a re-sent form.

The client sends a key it made for this one create (a hidden `client_key` field in a form, an
`Idempotency-Key` header in the API). The model stores it in `client_key`, unique per person,
so two requests with the same key make one object even when they race: the second insert
fails on the constraint and answers with what the first made. The first request wins; a
second with other content under the same key gets the first one's object back.
"""

import re
from collections.abc import Callable

from django.db import IntegrityError, models, transaction
from django.http import HttpRequest

HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = 64
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class BadClientKey(ValueError):
    """A key that is not 8 to 64 letters, digits, `-` or `_` (the message is shown)."""


def check_client_key(value: str) -> str:
    """Return `value` ("" when there is none), or raise BadClientKey."""
    if value and not _KEY.match(value):
        raise BadClientKey(
            f"{HEADER} must be 8 to 64 letters, digits, '-' or '_' (a UUID is a good choice)."
        )
    return value


def client_key_from(request: HttpRequest) -> str:
    """The request's Idempotency-Key header, checked ("" without one); raises BadClientKey."""
    return check_client_key(request.headers.get(HEADER, "").strip())


def create_once[M: models.Model](
    owned: models.QuerySet[M], key: str, create: Callable[[], M]
) -> tuple[M, bool]:
    """Run `create` unless an object in `owned` already carries `key`; return (object, created).

    `owned` is one person's objects of a model with a `client_key` field that is unique per
    person when not empty; `create` must save the new object with `client_key=key`. Without a
    key every call creates. IntegrityErrors other than a lost race on the key propagate.
    """
    if not key:
        return create(), True
    earlier = owned.filter(client_key=key).first()
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        earlier = owned.filter(client_key=key).first()
        if earlier is None:
            raise
        return earlier, False
