"""Shared words and replies keep to themselves on the page: each sits in an element of its own
direction (dir="auto", isolated by .user-text), so a bidi control in them cannot reorder the
name, the Hide and Report controls around them."""

import re

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tearspace.circles.tests.conftest import World


def isolated(page: str, words: str) -> bool:
    """Whether `words` open an element with dir="auto" (a paragraph break may come first)."""
    return bool(
        re.search(
            r'<\w+ class="[^"]*user-text[^"]*" dir="auto">(<p>)?' + re.escape(escape(words)), page
        )
    )


def test_the_shared_words_and_each_reply_are_isolated(world: World) -> None:
    client = Client()
    client.force_login(world.bob)
    page = client.get(reverse("circles:share", args=[world.share.pk])).content.decode()
    assert isolated(page, "I cried on the bus home.")
    assert isolated(page, world.reply.body)
    assert not isolated(page, "not on the page")
