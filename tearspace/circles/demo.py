"""Demo circles: a circle with a friend, one share with a kind reply, one community share."""

from django.contrib.auth.hashers import make_password

from tearspace.accounts.models import User
from tearspace.circles import actions
from tearspace.circles.models import Circle, CircleMembership
from tearspace.journal.models import Entry


def seed_circles(user: object) -> None:
    assert isinstance(user, User)
    entries = list(Entry.objects.filter(owner=user).order_by("-when")[:2])
    if Circle.objects.filter(owner=user).exists() or len(entries) < 2:
        return
    friend, _ = User.objects.get_or_create(
        username="demo-friend", defaults={"password": make_password(None)}
    )
    circle, _ = actions.do_create_circle(owner=user, name="close friends")
    CircleMembership.objects.get_or_create(circle=circle, member=friend)
    shared = actions.do_share_entry(
        author=user, entry=entries[0], circles=[circle], community=False
    )
    actions.do_reply(author=friend, share=shared.share, body="I'm here. Want to talk later?")
    actions.do_share_entry(author=user, entry=entries[1], circles=[], community=True)
