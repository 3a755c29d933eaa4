"""Anonymous means unlinkable: an oracle over every circles page and API route.

Two worlds differ only in who wrote one anonymous community share, P: hal (world "author") or
xena (world "decoy"). In both, vera knows hal's handle from her circle, there is a block
between vera and hal (made by either), vera has opened P, and the same things happen on it.
Then vera uses one route (every page route with each method it accepts, every API operation,
generated from the URL configuration and the ninja router) and the same things happen again.
Everything vera can observe afterwards — the route's answer, feeds, pages, API answers, block
lists, notifications and the live events that reached her — must be the same in both worlds,
once pseudonyms, CSRF tokens, CSP nonces and clock readings (random or moving on) are
normalised.
"""

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from config.api import api
from tearspace.accounts.actions import do_block
from tearspace.accounts.models import Block, User
from tearspace.circles import actions
from tearspace.circles import urls as circle_urls
from tearspace.circles.models import CircleMembership, Share, ShareMute
from tearspace.circles.tests.conftest import make_entry, person
from tearspace.lib import outbox
from tearspace.lib.fanout import personal_group

DIRECTIONS = ["vera blocks hal", "hal blocks vera"]


@dataclass
class Scene:
    """The ids vera can name in a route, the same in both worlds."""

    vera: User
    hal: User
    author: User
    walt: User
    ids: dict[str, int]
    token: str


def build_scene(*, hal_is_author: bool, direction: str) -> Scene:
    vera, hal, xena, walt = person("vera"), person("hal"), person("xena"), person("walt")
    author = hal if hal_is_author else xena
    with transaction.atomic():
        if direction == "vera blocks hal":
            do_block(blocker=vera, blocked=hal)
        else:
            do_block(blocker=hal, blocked=vera)
        tea, _ = actions.do_create_circle(owner=vera, name="tea")
        for member in (hal, xena, walt):
            CircleMembership.objects.create(circle=tea, member=member)
        actions.do_share_entry(
            author=hal, entry=make_entry(hal, "Rough week."), circles=[tea], community=False
        )
        anonymous = actions.do_share_entry(
            author=author,
            entry=make_entry(author, "Nobody knows I still cry about it."),
            circles=[],
            community=True,
            content_note="grief",
        ).share
        actions.do_share_entry(
            author=walt, entry=make_entry(walt, "Happy tears today."), circles=[], community=True
        )
        actions.do_record_view(share=anonymous, viewer=vera)
        pseudonymous = actions.do_reply(author=author, share=anonymous, body="Thank you all.")
        actions.do_reply(author=walt, share=anonymous, body="I'm here.")
        actions.do_toggle_reaction(person=walt, share=anonymous, kind="warmth")
        walks, _ = actions.do_create_circle(owner=walt, name="walks")
        invitation = actions.do_invite_by_handle(circle=walks, inviter=walt, handle="vera")
        _, token = actions.do_create_invite_link(circle=tea, inviter=vera)
        entry = make_entry(vera, "Cried at the station.")
    assert pseudonymous.reply is not None
    block = Block.objects.filter(blocker=vera).first()
    return Scene(
        vera=vera,
        hal=hal,
        author=author,
        walt=walt,
        token=token,
        ids={
            "share_id": anonymous.pk,
            "reply_id": pseudonymous.reply.pk,
            "circle_id": tea.pk,
            "user_id": walt.pk,
            "entry_id": entry.pk,
            "invitation_id": invitation.pk,
            "block_id": block.pk if block else 0,
            "mute_id": 0,
        },
    )


def more_happens(scene: Scene) -> None:
    """After vera's request: the anonymous author and walt carry on as they would."""
    share = Share.objects.get(pk=scene.ids["share_id"])
    with transaction.atomic():
        if share.revoked_at is None:
            actions.do_reply(author=scene.author, share=share, body="It helps to read this.")
            actions.do_reply(author=scene.walt, share=share, body="Sending warmth.")
            actions.do_toggle_reaction(person=scene.author, share=share, kind="here")


# --- What vera can observe -------------------------------------------------------------------

PAGES = [
    ("circles:community", []),
    ("circles:share", ["share_id"]),
    ("circles:blocks", []),
    ("circles:notifications", []),
]
API_READS = [
    "/community?tab=kind",
    "/shares/{share_id}",
    "/shares/{share_id}/replies",
    "/blocks",
]


def timed[R](request: Callable[[], R]) -> tuple[R, int]:
    """Make the request; count its database queries, the part of its time that depends on data."""
    with CaptureQueriesContext(connection) as queries:
        response = request()
    return response, len(queries)


def observe(client: Client, scene: Scene) -> dict[str, Any]:
    urls = [reverse(name, args=[scene.ids[p] for p in parts]) for name, parts in PAGES]
    urls += [PREFIX + path.format(**scene.ids) for path in API_READS]
    seen: dict[str, Any] = {}
    for url in urls:
        response, queries = timed(lambda: client.get(url))  # noqa: B023
        seen[url] = (response.status_code, queries, response.content.decode())
    return seen


class Recorder:
    """Stands in for the channel layer: what reached each person's open tabs."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        self.sent.append((group, message))

    def to(self, user: User) -> list[dict[str, Any]]:
        return [m for g, m in self.sent if g == personal_group(user.pk)]


# --- Routes, generated ------------------------------------------------------------------------

PREFIX = "/api/v1/circles"
FORM = {
    "body": "Thinking of you.",
    "kind": "warmth",
    "reason": "other",
    "name": "evening",
    "handle": "hal",
    "answer": "accept",
    "audience": "community",
    "words": "on",
    "feelings": "on",
    "content_note": "grief",
    "choice": "post",
    "quiet_start": "22:00",
    "quiet_end": "07:00",
    "hidden_notes": "illness",
}
JSON_VALUES: dict[str, Any] = {
    "name": "evening",
    "handle": "hal",
    "accept": True,
    "circles": [],
    "community": True,
    "words": True,
    "clip": False,
    "feelings": True,
    "content_note": "grief",
    "body": "Thinking of you.",
    "send_anyway": False,
    "discard": False,
    "nudge_id": None,
    "kind": "warmth",
    "reason": "other",
    "details": "",
}
ALTERNATIVES = {"share", "reply"}  # a body names one of these, or neither


def allowed_methods(pattern: URLPattern, params: list[str]) -> list[str]:
    """The methods a page route accepts, from its own 405 answer (no database needed)."""
    request = RequestFactory().generic("PATCH", "/")
    request.user = SimpleNamespace(is_authenticated=True)  # type: ignore[assignment]
    response = pattern.callback(request, **dict.fromkeys(params, 1))
    assert response.status_code == 405, pattern.name
    return [m.lower() for m in response["Allow"].split(", ") if m in {"GET", "POST"}]


def page_cases() -> Iterator[Any]:
    for pattern in circle_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        params = list(pattern.pattern.converters)
        for method in allowed_methods(pattern, params):
            yield pytest.param(
                "page", method, pattern.name, params, None, id=f"{method}-{pattern.name}"
            )


def api_cases() -> Iterator[Any]:
    for router_prefix, router in api._routers:
        if router_prefix.strip("/") != "circles":
            continue
        for path, view in router.path_operations.items():
            for operation in view.operations:
                fields: list[str] = []
                for model in operation.models:
                    if model.__ninja_param_source__ == "body":
                        for field in model.model_fields.values():
                            fields += list(getattr(field.annotation, "model_fields", {}))
                named = [f for f in fields if f in ALTERNATIVES]
                for target in [*named, None] if named else [None]:
                    for method in operation.methods:
                        yield pytest.param(
                            "api", method, path, fields, target,
                            id=f"api-{method}-{path}-{target or 'body'}",
                        )  # fmt: skip


def run_route(
    client: Client, scene: Scene, case: tuple[str, str, str, list[str], str | None]
) -> Any:
    kind, method, route, params, target = case
    if kind == "page":
        url = reverse(f"circles:{route}", kwargs={p: _value(scene, p) for p in params})
        data = {**FORM, "unblock": scene.ids["block_id"], "unmute": scene.ids["mute_id"]}
        response, queries = timed(
            lambda: client.get(url) if method == "get" else client.post(url, data)
        )
        return (
            response.status_code,
            queries,
            response.get("Location", ""),
            response.content.decode(),
        )
    url = PREFIX + re.sub(r"\{int:(\w+)\}", lambda m: str(scene.ids[m.group(1)]), route)
    body = {f: JSON_VALUES[f] for f in params if f in JSON_VALUES}
    if "entry" in params:
        body["entry"] = scene.ids["entry_id"]
    if "token" in params:
        body["token"] = scene.token
    if target is not None:
        body[target] = scene.ids[f"{target}_id"]
    response, queries = timed(
        lambda: client.generic(method, url, json.dumps(body), content_type="application/json")
    )
    return response.status_code, queries, response.content.decode()


def _value(scene: Scene, param: str) -> object:
    return scene.token if param == "token" else scene.ids[param]


# --- The two worlds ---------------------------------------------------------------------------


@contextmanager
def world() -> Iterator[None]:
    """Run inside a savepoint that is rolled back, with id sequences where they were before."""
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)
    cache.clear()  # rate limits start afresh
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?")
# Per-response randomness: CSRF tokens, CSP nonces and create forms' client keys.
RANDOM = re.compile(r'(name=\\"(?:csrfmiddlewaretoken|client_key)\\" value=|nonce=)\\"[^"\\]+\\"')


def normalise(observed: dict[str, Any], scene: Scene) -> dict[str, str]:
    """Each observable as text, with what is random or moves on replaced by a placeholder."""
    pseudonyms = Share.objects.exclude(pseudonym="").order_by("pk").values_list("pseudonym")
    out = {}
    for key, value in observed.items():
        text = json.dumps(value, sort_keys=True, default=str)
        for index, (pseudonym,) in enumerate(pseudonyms):
            text = text.replace(pseudonym, f"<pseudonym {index}>")
        text = text.replace(scene.token, "<token>")
        text = RANDOM.sub(r"\1<random>", text)
        out[key] = ISO_TIME.sub("<time>", text)
    return out


def play(
    *,
    hal_is_author: bool,
    direction: str,
    case: tuple[str, str, str, list[str], str | None],
    capture: Callable[..., Any],
    recorder: Recorder,
) -> dict[str, str]:
    with world():
        with capture(execute=True):
            scene = build_scene(hal_is_author=hal_is_author, direction=direction)
        mute = ShareMute.objects.filter(person=scene.vera).first()
        scene.ids["mute_id"] = mute.pk if mute else 0
        recorder.sent.clear()
        client = Client()
        client.force_login(scene.vera)
        with capture(execute=True):
            answer = run_route(client, scene, case)
            more_happens(scene)
        observed = {"answer": answer, "events": recorder.to(scene.vera), **observe(client, scene)}
        return normalise(observed, scene)


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize(
    ("kind", "method", "route", "params", "target"), [*page_cases(), *api_cases()]
)
def test_nothing_vera_sees_depends_on_whether_hal_wrote_the_anonymous_share(
    db: None,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
    direction: str,
    kind: str,
    method: str,
    route: str,
    params: list[str],
    target: str | None,
) -> None:
    recorder = Recorder()
    monkeypatch.setattr(outbox, "get_channel_layer", lambda: recorder)
    case = (kind, method, route, params, target)
    worlds = {
        hal_is_author: play(
            hal_is_author=hal_is_author,
            direction=direction,
            case=case,
            capture=django_capture_on_commit_callbacks,
            recorder=recorder,
        )
        for hal_is_author in (True, False)
    }
    for observable, seen in worlds[True].items():
        assert seen == worlds[False][observable], observable


# --- Times next to a pseudonym ----------------------------------------------------------------


def _shown(client: Client, share: Share) -> tuple[str, str, list[str]]:
    """The share's card in the community feed, its API time and its replies' API times."""
    page = client.get(reverse("circles:community")).content.decode()
    card = re.search(rf'data-share-id="{share.pk}".*?</header>', page, re.S)
    assert card is not None
    data = client.get(f"{PREFIX}/shares/{share.pk}").json()
    replies = client.get(f"{PREFIX}/shares/{share.pk}/replies").json()
    return card.group(0), data["created"], [r["created"] for r in replies]


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/Los_Angeles"])
def test_a_pseudonym_shows_only_the_day_it_wrote_in(db: None, zone: str) -> None:
    """Anywhere in the reader's day, a community share and its replies look the same."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    vera, hal = person("vera"), person("hal")
    vera.time_zone = zone
    vera.save(update_fields=["time_zone"])
    share = actions.do_share_entry(
        author=hal, entry=make_entry(hal), circles=[], community=True
    ).share
    actions.do_reply(author=hal, share=share, body="Thank you.")
    client = Client()
    client.force_login(vera)
    today = datetime.now(ZoneInfo(zone)).replace(hour=0, minute=0, second=1, microsecond=0)
    shown = set()
    for moment in (today, today + timedelta(hours=5), datetime.now(ZoneInfo(zone))):
        Share.objects.filter(pk=share.pk).update(created=moment)
        share.replies.update(created=moment)
        shown.add(json.dumps(_shown(client, share)))
    assert len(shown) == 1
    card, created, replies = _shown(client, share)
    assert ">today<" in card
    assert "minute" not in card
    assert created == today.date().isoformat()
    assert replies == [created]

    Share.objects.filter(pk=share.pk).update(created=today - timedelta(hours=1))
    card, created, _ = _shown(client, share)
    assert ">yesterday<" in card
    assert created == (today - timedelta(days=1)).date().isoformat()
