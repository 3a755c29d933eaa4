"""Every circles page and API route by every persona, generated from the URL configuration.

Adding a route without a rule here fails `test_every_route_has_a_rule`.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from config.api import api
from tearspace.accounts.models import User
from tearspace.circles import urls as circle_urls
from tearspace.circles.tests.conftest import PERSONAS, World

SIGNED_IN = {"owner", "member", "other_circle", "stranger", "blocked", "moderator"}
CIRCLE = {"owner", "member", "blocked"}  # eve is still a member; alice blocked her
CIRCLE_SHARE = {"owner", "member"}
# Blocks never apply to what is shown under a pseudonym: eve, whom alice blocked, sees alice's
# community share like anyone else (otherwise a 404 would name its author).
COMMUNITY = SIGNED_IN

Kwargs = Callable[[World], dict[str, Any]]


def circle(w: World) -> dict[str, Any]:
    return {"circle_id": w.circle.pk}


def share(w: World) -> dict[str, Any]:
    return {"share_id": w.share.pk}


def community(w: World) -> dict[str, Any]:
    return {"share_id": w.community.pk}


def reply(w: World) -> dict[str, Any]:
    return {"reply_id": w.reply.pk}


def nothing(w: World) -> dict[str, Any]:
    return {}


# url name -> [(method, kwargs, form data, who gets through)]
PAGE_RULES: dict[str, list[tuple[str, Kwargs, dict[str, Any], set[str]]]] = {
    "index": [("get", nothing, {}, SIGNED_IN)],
    "create": [("post", nothing, {"name": "sisters"}, SIGNED_IN)],
    "detail": [("get", circle, {}, CIRCLE)],
    "invite": [("post", circle, {"handle": "charlie"}, {"owner"})],
    "leave": [("post", circle, {}, CIRCLE)],  # the owner is told to delete instead (400)
    "delete": [("post", circle, {}, {"owner"})],
    "remove": [("post", lambda w: {"circle_id": w.circle.pk, "user_id": w.fay.pk}, {}, {"owner"})],
    "join": [("get", lambda w: {"token": w.token}, {}, SIGNED_IN)],
    "invitation": [
        ("post", lambda w: {"invitation_id": w.invitation.pk}, {"answer": "accept"}, {"stranger"})
    ],
    "share_entry": [("get", lambda w: {"entry_id": w.entry.pk}, {}, {"owner"})],
    "share": [("get", share, {}, CIRCLE_SHARE), ("get", community, {}, COMMUNITY)],
    "share_clip": [("get", share, {}, CIRCLE_SHARE)],
    "revoke": [("post", share, {}, {"owner"}), ("post", community, {}, {"owner"})],
    "reply": [
        ("post", share, {"body": "Sending love."}, CIRCLE_SHARE),
        ("post", community, {"body": "Sending love."}, COMMUNITY),
    ],
    "react": [
        ("post", share, {"kind": "here"}, CIRCLE_SHARE),
        ("post", community, {"kind": "warmth"}, COMMUNITY),
    ],
    "share_report": [
        ("post", share, {"reason": "other"}, CIRCLE_SHARE),
        ("post", community, {"reason": "other"}, COMMUNITY),
    ],
    "share_block": [
        ("post", share, {}, {"member"}),
        ("post", community, {}, COMMUNITY - {"owner"}),
    ],
    "reply_hide": [("post", reply, {}, {"owner"})],
    "reply_report": [("post", reply, {"reason": "unkind"}, {"owner", "member"})],
    "reply_block": [("post", reply, {}, {"owner", "member"})],
    "blocks": [("get", nothing, {}, SIGNED_IN)],
    "notifications": [("get", nothing, {}, SIGNED_IN)],
    "community": [("get", nothing, {}, SIGNED_IN)],
}


def page_cases() -> list[Any]:
    cases = []
    for name, rules in PAGE_RULES.items():
        for index, (method, kwargs, data, allowed) in enumerate(rules):
            for persona in PERSONAS:
                cases.append(
                    pytest.param(
                        name, method, kwargs, data, persona in allowed, persona,
                        id=f"{name}-{index}-{persona}",
                    )
                )  # fmt: skip
    return cases


def client_for(world: World, persona: str) -> Client:
    client = Client()
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    return client


def test_every_route_has_a_rule() -> None:
    names = {p.name for p in circle_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(PAGE_RULES)
    assert set(api_routes()) == set(API_RULES)


@pytest.mark.parametrize(("name", "method", "kwargs", "data", "allowed", "persona"), page_cases())
def test_page_access(
    world: World,
    name: str,
    method: str,
    kwargs: Kwargs,
    data: dict[str, Any],
    allowed: bool,
    persona: str,
) -> None:
    url = reverse(f"circles:{name}", kwargs=kwargs(world))
    client = client_for(world, persona)
    response = client.get(url) if method == "get" else client.post(url, data)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif allowed:
        assert response.status_code in {200, 302, 400}, response.content[:500]
    else:
        assert response.status_code == 404


# --- API -------------------------------------------------------------------------------------

PREFIX = "/api/v1/circles"


def api_routes() -> list[tuple[str, str]]:
    routes = []
    for router_prefix, router in api._routers:
        if router_prefix.strip("/") != "circles":
            continue
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    routes.append((method, path))
    return routes


ApiPath = Callable[[World], str]
Body = dict[str, Any] | Callable[[World], dict[str, Any]] | None
# (method, route path) -> [(concrete path, JSON body, who gets through)]
API_RULES: dict[tuple[str, str], list[tuple[ApiPath, Body, set[str]]]] = {
    ("GET", "/"): [(lambda w: "/", None, SIGNED_IN)],
    ("POST", "/"): [(lambda w: "/", {"name": "sisters"}, SIGNED_IN)],
    ("GET", "/community"): [(lambda w: "/community", None, SIGNED_IN)],
    ("GET", "/nudges"): [(lambda w: "/nudges", None, {"moderator"})],
    ("GET", "/{id:circle_id}"): [(lambda w: f"/{w.circle.pk}", None, CIRCLE)],
    ("DELETE", "/{id:circle_id}"): [(lambda w: f"/{w.circle.pk}", None, {"owner"})],
    ("GET", "/{id:circle_id}/shares"): [(lambda w: f"/{w.circle.pk}/shares", None, CIRCLE)],
    ("POST", "/{id:circle_id}/invitations"): [
        (lambda w: f"/{w.circle.pk}/invitations", {"handle": ""}, {"owner"})
    ],
    ("POST", "/{id:circle_id}/leave"): [(lambda w: f"/{w.circle.pk}/leave", None, CIRCLE)],
    ("DELETE", "/{id:circle_id}/members/{id:user_id}"): [
        (lambda w: f"/{w.circle.pk}/members/{w.fay.pk}", None, {"owner"})
    ],
    ("GET", "/invitations"): [(lambda w: "/invitations", None, SIGNED_IN)],
    ("POST", "/invitations/{id:invitation_id}/answer"): [
        (lambda w: f"/invitations/{w.invitation.pk}/answer", {"accept": True}, {"stranger"})
    ],
    ("POST", "/invitations/join"): [
        (lambda w: "/invitations/join", lambda w: {"accept": False, "token": w.token}, SIGNED_IN)
    ],
    ("POST", "/shares"): [
        (lambda w: "/shares", lambda w: {"entry": w.entry.pk, "circles": [w.circle.pk]}, {"owner"})
    ],
    ("GET", "/shares/{id:share_id}"): [
        (lambda w: f"/shares/{w.share.pk}", None, CIRCLE_SHARE),
        (lambda w: f"/shares/{w.community.pk}", None, COMMUNITY),
    ],
    ("DELETE", "/shares/{id:share_id}"): [
        (lambda w: f"/shares/{w.share.pk}", None, {"owner"}),
        (lambda w: f"/shares/{w.community.pk}", None, {"owner"}),
    ],
    ("GET", "/shares/{id:share_id}/replies"): [
        (lambda w: f"/shares/{w.share.pk}/replies", None, CIRCLE_SHARE),
        (lambda w: f"/shares/{w.community.pk}/replies", None, COMMUNITY),
    ],
    ("POST", "/shares/{id:share_id}/replies"): [
        (lambda w: f"/shares/{w.share.pk}/replies", {"body": "Here."}, CIRCLE_SHARE),
        (lambda w: f"/shares/{w.community.pk}/replies", {"body": "Here."}, COMMUNITY),
    ],
    ("POST", "/replies/{id:reply_id}/hide"): [
        (lambda w: f"/replies/{w.reply.pk}/hide", None, {"owner"})
    ],
    ("POST", "/shares/{id:share_id}/reactions"): [
        (lambda w: f"/shares/{w.share.pk}/reactions", {"kind": "cried"}, CIRCLE_SHARE),
        (lambda w: f"/shares/{w.community.pk}/reactions", {"kind": "cried"}, COMMUNITY),
    ],
    ("POST", "/reports"): [
        (lambda w: "/reports", lambda w: {"reason": "other", "share": w.share.pk}, CIRCLE_SHARE),
        (
            lambda w: "/reports",
            lambda w: {"reason": "other", "reply": w.reply.pk},
            {"owner", "member"},
        ),
        (lambda w: "/reports", lambda w: {"reason": "other", "share": w.community.pk}, COMMUNITY),
    ],
    ("GET", "/blocks"): [(lambda w: "/blocks", None, SIGNED_IN)],
    ("POST", "/blocks"): [
        (lambda w: "/blocks", lambda w: {"share": w.share.pk}, {"member"}),
        (lambda w: "/blocks", lambda w: {"share": w.community.pk}, COMMUNITY - {"owner"}),
    ],
    ("DELETE", "/blocks/{id:block_id}"): [(lambda w: "/blocks/999999", None, SIGNED_IN)],
    ("DELETE", "/mutes/{id:mute_id}"): [(lambda w: "/mutes/999999", None, SIGNED_IN)],
}


def api_cases() -> list[Any]:
    cases = []
    for (method, route), rules in API_RULES.items():
        for index, (path, body, allowed) in enumerate(rules):
            for persona in PERSONAS:
                cases.append(
                    pytest.param(
                        method, path, body, persona in allowed, persona,
                        id=f"{method}-{route}-{index}-{persona}",
                    )
                )  # fmt: skip
    return cases


@pytest.mark.parametrize(("method", "path", "body", "allowed", "persona"), api_cases())
def test_api_access(
    world: World,
    method: str,
    path: ApiPath,
    body: Body,
    allowed: bool,
    persona: str,
) -> None:
    client = client_for(world, persona)
    if callable(body):
        body = body(world)
    url = PREFIX + path(world).rstrip("/") + ("/" if path(world) == "/" else "")
    response = client.generic(
        method, url, json.dumps(body) if body is not None else "", content_type="application/json"
    )
    if persona == "anonymous":
        assert response.status_code == 401
    elif allowed:
        assert 200 <= response.status_code < 300 or response.status_code == 400, response.content
    else:
        assert response.status_code == 404, response.content[:500]


def test_a_moderator_sees_nothing_of_a_circle_in_any_list(world: World) -> None:
    client = client_for(world, "moderator")
    listing = client.get(PREFIX + "/").json()
    assert listing == []
    assert b"I cried on the bus home" not in client.get(reverse("circles:community")).content


def test_personas_are_who_the_matrix_says(world: World) -> None:
    users: list[User | None] = [world.persona(p) for p in PERSONAS]
    assert users[-1] is None
    assert len({u.pk for u in users if u is not None}) == len(PERSONAS) - 1
