"""Reactions are drawn with shipped icons, never left to an emoji font."""

import pytest
from django.contrib.staticfiles import finders

from tearspace.accounts.models import User
from tearspace.rooms.actions import REACTION_LIST, REACTIONS
from tearspace.rooms.models import Room


def test_every_reaction_has_a_shipped_icon_and_a_label() -> None:
    assert len(set(REACTIONS)) == len(REACTIONS)
    for reaction in REACTION_LIST:
        found = finders.find(reaction.icon)
        assert found, reaction.icon
        with open(found, encoding="utf-8") as icon:
            assert icon.read().lstrip().startswith("<svg"), reaction.icon
        assert str(reaction.label).strip()


@pytest.mark.django_db
def test_the_room_draws_each_reaction_button_with_its_icon_and_names_it(
    login, room: Room, member: User
) -> None:
    page = login(member).get(f"/rooms/{room.pk}/live/").content.decode()
    for reaction in REACTION_LIST:
        assert f'data-react="{reaction.emoji}" aria-label="{reaction.label}"' in page
        assert f'src="/static/{reaction.icon}" alt=""' in page
