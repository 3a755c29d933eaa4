"""Demo circles: a circle with a friend, one share with a kind reply, one community share."""

from django.contrib.auth.hashers import make_password

from tearspace.accounts.models import User
from tearspace.circles import actions
from tearspace.circles.models import Circle, CircleMembership
from tearspace.core.demo import demo_language, in_demo_language
from tearspace.journal.models import Entry

# The demo circle's name and the friend's reply, in each language Tearspace offers.
CIRCLE_NAMES = {
    "en": "close friends",
    "es": "amistades cercanas",
    "fr": "amis proches",
    "de": "enge Freunde",
    "ja": "親しい友だち",
}
FRIEND_REPLIES = {
    "en": "I'm here. Want to talk later?",
    "es": "Aquí estoy. ¿Hablamos luego?",
    "fr": "Je suis là. On en parle plus tard\u00a0?",
    "de": "Ich bin da. Wollen wir später reden?",
    "ja": "ここにいるよ。あとで話そうか？",  # noqa: RUF001 - a Japanese question mark
}


def seed_circles(user: object) -> None:
    assert isinstance(user, User)
    entries = list(Entry.objects.filter(owner=user).order_by("-when")[:2])
    if Circle.objects.filter(owner=user).exists() or len(entries) < 2:
        return
    friend, _ = User.objects.get_or_create(
        username="demo-friend",
        defaults={"password": make_password(None), "language": demo_language()},
    )
    circle, _ = actions.do_create_circle(owner=user, name=in_demo_language(CIRCLE_NAMES))
    CircleMembership.objects.get_or_create(circle=circle, member=friend)
    shared = actions.do_share_entry(
        author=user, entry=entries[0], circles=[circle], community=False
    )
    actions.do_reply(author=friend, share=shared.share, body=in_demo_language(FRIEND_REPLIES))
    actions.do_share_entry(author=user, entry=entries[1], circles=[], community=True)
