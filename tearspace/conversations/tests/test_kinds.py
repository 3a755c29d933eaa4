"""Every kind of conversation tells moderation how to remove and where to place its words."""

from tearspace.conversations import kinds
from tearspace.conversations.models import Kind


def test_every_kind_of_conversation_is_registered_for_moderation() -> None:
    # A kind left out would make a moderator's removal of a reported message fail (KeyError).
    assert set(kinds._removers) == set(Kind.values)
    assert set(kinds._places) == set(Kind.values)
