"""Per-kind moderation hooks: what removing reported words means, and where they were said.

Safety knows reported objects by model ("conversations.message"); each app that owns a kind of
conversation registers how to remove and place its messages, so neither safety nor the engine
imports that app.
"""

from collections.abc import Callable

from django.db import models

from tearspace.conversations.models import Message
from tearspace.safety.enforcement import register_content_place, register_content_remover

MessageRemover = Callable[[Message], None]
MessagePlace = Callable[[Message], tuple[str, str]]
_removers: dict[str, MessageRemover] = {}
_places: dict[str, MessagePlace] = {}


def register_kind(kind: str, *, remover: MessageRemover, place: MessagePlace) -> None:
    """Say how a moderator's decision removes a message of `kind`, and where it was said."""
    _removers[kind] = remover
    _places[kind] = place


def _remove(obj: models.Model) -> None:
    assert isinstance(obj, Message)
    _removers[obj.conversation.kind](obj)


def _place(obj: models.Model) -> tuple[str, str]:
    assert isinstance(obj, Message)
    return _places[obj.conversation.kind](obj)


def register_with_safety() -> None:
    register_content_remover("conversations.message", _remove)
    register_content_place("conversations.message", _place)
