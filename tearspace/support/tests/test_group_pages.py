"""What a small group's pages say about it: the listener's list names each group by its topic,
an ended group says so once and no longer says who is here."""

import re

import pytest

from tearspace.accounts.models import User
from tearspace.support.actions import do_end_group
from tearspace.support.models import SupportGroup
from tearspace.support.tests.conftest import make_ready_listener
from tearspace.support.tests.test_group_access import join

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(alice: User, bob: User, listener: User) -> SupportGroup:
    make_ready_listener(listener)
    join(alice)
    join(bob)
    return SupportGroup.objects.get(listener=listener)


def groups_listed(page: str) -> list[str]:
    found = re.search(r'<ul id="listener-groups">(.*?)</ul>', page, re.S)
    assert found
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", found[1])]


def test_the_listeners_list_names_each_group_by_its_topic_while_on_and_once_ended(
    group, listener, login
):
    client = login(listener)
    assert groups_listed(client.get("/support/listen/").content.decode()) == [
        "A small group: loss and grief — now, 2 people"
    ]
    do_end_group(group=group, by="listener")
    [ended] = groups_listed(client.get("/support/listen/").content.decode())
    assert ended.startswith("A small group: loss and grief — ended (started ")


def test_an_ended_group_says_so_once_in_its_own_words_and_not_who_is_here(group, listener, login):
    do_end_group(group=group, by="listener")
    page = login(listener).get(f"/support/groups/{group.pk}/").content.decode()
    main = page.split("<main", 1)[1]
    shown = re.sub(r"<[^>]+>", "", main)  # the words on the page, not its attributes
    assert shown.count("This group has ended.") == 1
    assert "This chat has ended" not in shown
    assert re.search(r'<p class="small" id="here-now" hidden>', main)
