"""Creates that happen once: a double click, a retry after a lost answer, a re-sent form.

The client sends a key it made for this one create (a hidden `client_key` field in a form, an
`Idempotency-Key` header in the API). The model stores it in `client_key`, unique per person,
so two requests with the same key make one object even when they race: the second insert
fails on the constraint and answers with what the first made. The first request wins; a
second with other content under the same key gets the first one's object back.
"""

import re
import uuid
from collections.abc import Callable

from django import forms
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = 64
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class BadClientKey(ValueError):
    """A key that is not 8 to 64 letters, digits, `-` or `_` (the message is shown)."""


def check_client_key(value: str) -> str:
    """Return `value` ("" when there is none), or raise BadClientKey."""
    if value and not _KEY.match(value):
        raise BadClientKey(
            gettext(
                "%(header)s must be 8 to 64 letters, digits, '-' or '_' (a UUID is a good choice)."
            )
            % {"header": HEADER}
        )
    return value


def client_key_from(request: HttpRequest) -> str:
    """The request's Idempotency-Key header, checked ("" without one); raises BadClientKey."""
    return check_client_key(request.headers.get(HEADER, "").strip())


def posted_client_key(request: HttpRequest) -> str:
    """The `client_key` a page form sent without a Django form, checked ("" without one).

    A malformed key is dropped rather than refused: the create still happens, only without
    the double-click guard, so a person never loses what they wrote to a tampered field.
    """
    try:
        return check_client_key(request.POST.get("client_key", "").strip())
    except BadClientKey:
        return ""


def new_client_key() -> str:
    """A fresh key for one rendering of a create form (32 hex digits)."""
    return uuid.uuid4().hex


def client_key_field() -> forms.CharField:
    """The hidden key that makes a Django form's create happen once."""

    def check(value: str) -> None:
        try:
            check_client_key(value)
        except BadClientKey:
            raise forms.ValidationError(_("Please reload the page and try again.")) from None

    return forms.CharField(
        required=False,
        max_length=KEY_MAX_LENGTH,
        widget=forms.HiddenInput,
        validators=[check],
    )


def created_before[M: models.Model](owned: models.QuerySet[M], key: str) -> M | None:
    """The object in `owned` that already carries `key`, or None (always None without a key).

    For creates that decide before `create_once` whether to create at all (a reply paused for
    reflection, say): a repeat answers with what the first request made, and is not re-checked.
    """
    return owned.filter(client_key=key).first() if key else None


def create_once[M: models.Model](
    owned: models.QuerySet[M], key: str, create: Callable[[], M]
) -> tuple[M, bool]:
    """Run `create` unless an object in `owned` already carries `key`; return (object, created).

    `owned` is one person's objects of a model with a `client_key` field that is unique per
    person when not empty; `create` must save the new object with `client_key=key`, and runs
    in one transaction (with or without a key). Without a key every call creates.
    IntegrityErrors other than a lost race on the key propagate.
    """
    if not key:
        with transaction.atomic():
            return create(), True
    earlier = created_before(owned, key)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        earlier = created_before(owned, key)
        if earlier is None:
            raise
        return earlier, False
