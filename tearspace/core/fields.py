"""Model fields for private words outside the journal, encrypted at rest like journal notes.

Both are Fernet-encrypted with the keys in `settings.SALT_KEY` (django-fernet-encrypted-fields,
the library the journal uses), so one key rotation covers them. Rows written before a field
became private still read (the library falls back to the stored text when it is not a token)
until `reseal_rows` re-saves them encrypted.
"""

import json
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from encrypted_fields.fields import EncryptedTextField


class PrivateTextField(EncryptedTextField):
    """Encrypted text that reads back as "" when empty.

    The library stores empty text as NULL, so the column is nullable; callers never see None.
    """

    if TYPE_CHECKING:  # the library ships no types: say what the attribute holds

        def __get__(self, instance: Any, owner: Any) -> str: ...
        def __set__(self, instance: Any, value: str) -> None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return "" if text is None else text


class PrivateJSONField(EncryptedTextField):
    """A JSON value (numbers stay numbers) stored as one encrypted token.

    Unlike the library's EncryptedJSONField, which seals each leaf as a string, the shape and
    types of the value come back as they went in, and the stored form shows neither.
    """

    if TYPE_CHECKING:

        def __get__(self, instance: Any, owner: Any) -> Any: ...
        def __set__(self, instance: Any, value: Any) -> None: ...

    def get_prep_value(self, value: Any) -> Any:
        return super().get_prep_value(json.dumps(value, ensure_ascii=False))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return None if text is None else json.loads(text)

    def to_python(self, value: Any) -> Any:
        return value if not isinstance(value, str) else super().to_python(value)

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


def reseal_rows(model: type[models.Model], fields: list[str]) -> int:
    """Save `fields` of every row of `model` again, so they are stored with the current key.

    Use from data migrations (with the historical model) after a field becomes private, and
    after a key rotation. Return how many rows were saved.
    """
    count = 0
    for row in model._default_manager.all().iterator(chunk_size=500):
        row.save(update_fields=fields)
        count += 1
    return count


def reseal_private_rows() -> int:
    """Re-save every PrivateTextField and PrivateJSONField with the current (first) key.

    Part of a key rotation (journal_rotate_keys); return how many rows were saved.
    """
    count = 0
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, PrivateTextField | PrivateJSONField)
        ]
        if fields:
            count += reseal_rows(model, fields)
    return count
