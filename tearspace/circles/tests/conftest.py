"""A small world for circles tests.

alice owns "close friends" (bob, fay; eve is a member whom alice blocked). hugo owns "book club"
with charlie (a member of another circle). dana is a stranger; mona a moderator (with MFA).
alice has one circle share, one community share, and fay's reply on the circle share.
"""

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from tearspace.accounts.actions import do_block
from tearspace.accounts.models import Role, User
from tearspace.circles import actions
from tearspace.circles.models import Circle, CircleMembership, Invitation, Reply, Share
from tearspace.journal.models import Clip, Entry
from tearspace.lib import crypto
from tearspace.safety import screening
from tearspace.safety.tests.conftest import FakeModels, with_totp

PERSONAS = ["owner", "member", "other_circle", "stranger", "blocked", "moderator", "anonymous"]


@pytest.fixture(autouse=True)
def fake_models(monkeypatch: pytest.MonkeyPatch) -> FakeModels:
    """The text models, under the test's control (the real ones are used in one test)."""
    fake = FakeModels()
    module = SimpleNamespace(
        assess_crisis=fake.assess_crisis,
        assess_reply=fake.assess_reply,
        detect_emotions=fake.detect_emotions,
    )
    monkeypatch.setattr(screening, "ml", lambda: module)
    return fake


def person(handle: str, role: str = Role.MEMBER) -> User:
    return User.objects.create_user(
        username=handle, email=f"{handle}@example.org", password="x", role=role
    )


@dataclass
class World:
    alice: User
    bob: User
    fay: User
    charlie: User
    dana: User
    eve: User
    mona: User
    hugo: User
    circle: Circle
    other: Circle
    entry: Entry
    share: Share
    community: Share
    reply: Reply
    invitation: Invitation
    token: str

    def persona(self, name: str) -> User | None:
        return {
            "owner": self.alice,
            "member": self.bob,
            "other_circle": self.charlie,
            "stranger": self.dana,
            "blocked": self.eve,
            "moderator": self.mona,
            "anonymous": None,
        }[name]


def make_entry(owner: User, notes: str = "I cried on the bus home.") -> Entry:
    return Entry.objects.create(owner=owner, notes=notes, emotions=",sad,lonely,")


def add_clip(entry: Entry) -> Clip:
    path = default_storage.save(
        f"journal/{entry.owner_id}/test.clip", ContentFile(crypto.encrypt_bytes(b"tears"))
    )
    return Clip.objects.create(
        entry=entry, owner=entry.owner, path=path, content_type="audio/webm", size=5
    )


def build_world() -> World:
    alice, bob, fay, charlie = person("alice"), person("bob"), person("fay"), person("charlie")
    dana, eve, hugo = person("dana"), person("eve"), person("hugo")
    mona = with_totp(person("mona", Role.MODERATOR))
    with transaction.atomic():
        circle, _ = actions.do_create_circle(owner=alice, name="close friends")
        for member in (bob, fay, eve):
            CircleMembership.objects.create(circle=circle, member=member)
        other, _ = actions.do_create_circle(owner=hugo, name="book club")
        CircleMembership.objects.create(circle=other, member=charlie)
        do_block(blocker=alice, blocked=eve)
        entry = make_entry(alice)
        add_clip(entry)
        share = actions.do_share_entry(
            author=alice, entry=entry, circles=[circle], community=False, clip=True
        ).share
        community = actions.do_share_entry(
            author=alice,
            entry=make_entry(alice, "Nobody knows I still cry about it."),
            circles=[],
            community=True,
            content_note="grief",
        ).share
        reply = actions.do_reply(author=fay, share=share, body="I'm here with you.").reply
        assert reply is not None
        invitation = actions.do_invite_by_handle(circle=circle, inviter=alice, handle="dana")
        _, token = actions.do_create_invite_link(circle=circle, inviter=alice)
    return World(
        alice=alice,
        bob=bob,
        fay=fay,
        charlie=charlie,
        dana=dana,
        eve=eve,
        mona=mona,
        hugo=hugo,
        circle=circle,
        other=other,
        entry=entry,
        share=share,
        community=community,
        reply=reply,
        invitation=invitation,
        token=token,
    )


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = str(tmp_path)
    return build_world()
