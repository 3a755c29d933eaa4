import json
import re

import pytest
from django.http import HttpResponse, JsonResponse
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User
from tearspace.core.middleware import ApiErrorsAsJsonMiddleware


@pytest.mark.django_db
def test_an_id_too_large_for_the_database_is_simply_not_found(client, alice):
    _token, raw = do_create_token(user=alice, name="t")
    response = client.get(
        "/api/v1/journal/entries/65311476572395451617116160",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_text_with_a_nul_character_is_refused_with_a_reason(client, alice):
    _token, raw = do_create_token(user=alice, name="t")
    response = client.post(
        "/api/v1/tokens",
        {"name": "a\x00b"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


# Generated over every route of the API: whatever id a path carries, the answer is a JSON 4xx.
def _api_routes() -> list[tuple[str, str, list[str]]]:
    from config.api import api

    schema = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), default=str))
    return sorted(
        (method.upper(), path, [p["name"] for p in op.get("parameters", []) if p["in"] == "path"])
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
        if "{" in path
    )


ID_ROUTES = _api_routes()
ODD_IDS = ["0", "-1", str(2**63), str(10**30)]
# Undoing a block or a mute is idempotent: one the person does not have is already undone.
UNDO_ROUTES = {
    ("DELETE", "/api/v1/circles/blocks/{block_id}"),
    ("DELETE", "/api/v1/circles/mutes/{mute_id}"),
}


def test_the_id_pass_covers_the_api() -> None:
    assert len(ID_ROUTES) > 40


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "names"), ID_ROUTES, ids=[f"{m} {p}" for m, p, _ in ID_ROUTES]
)
def test_any_id_in_any_api_path_answers_a_json_4xx(
    client: Client, alice: User, method: str, path: str, names: list[str]
) -> None:
    _token, raw = do_create_token(user=alice, name="t")
    for odd in ODD_IDS:
        url = path
        for name in names:
            url = url.replace("{" + name + "}", odd)
        response = client.generic(
            method,
            url,
            "{}",
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        if (method, path) in UNDO_ROUTES and response.status_code == 204:
            continue  # nothing to undo for this person is already undone (no 4xx by design)
        assert 400 <= response.status_code < 500, (url, response.status_code)
        assert response["Content-Type"].startswith("application/json"), (
            url,
            response.content[:200],
        )
        assert response.json()["detail"], url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("POST", "/api/v1/support/chats/99999999999999999999999/end", 404),
        ("GET", "/api/v1/no/such/route", 404),
        ("GET", "/api/v1/journal/entries/-1", 404),
        ("DELETE", "/api/v1/support/status", 405),
    ],
)
def test_a_path_or_method_the_api_does_not_have_answers_json(
    client: Client, alice: User, method: str, url: str, status: int
) -> None:
    client.force_login(alice)
    response = client.generic(method, url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_failure_inside_the_api_answers_a_json_500(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr("tearspace.support.api.latest_request", broken)
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    response = client.get("/api/v1/support/status")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side. Please try again."}


@pytest.mark.django_db
def test_a_page_outside_the_api_still_answers_its_html_404(client: Client, alice: User) -> None:
    client.force_login(alice)
    response = client.get("/support/chats/99999999999999999999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# A server error's words (in DEBUG: a traceback with code, paths and values) never reach an API
# client, whoever produced the answer and in whatever form; only the generic sentence does.
SECRET = "secret-words-from-inside-the-server"
GENERIC_500 = {"detail": "Something went wrong on our side. Please try again."}


def _api_routes_behind_sign_in() -> list[tuple[str, str]]:
    from config.api import api

    schema = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), default=str))
    return sorted(
        (method.upper(), re.sub(r"\{[^}]*\}", "1", path))
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
        if op.get("security")
    )


SIGNED_IN_ROUTES = _api_routes_behind_sign_in()


def _raise_secret(*args: object, **kwargs: object) -> None:
    raise RuntimeError(SECRET)


def test_the_debug_pass_covers_the_api() -> None:
    assert len(SIGNED_IN_ROUTES) > 60


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url"), SIGNED_IN_ROUTES, ids=[" ".join(r) for r in SIGNED_IN_ROUTES]
)
def test_in_debug_a_failure_in_any_api_route_answers_only_the_generic_500(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, method: str, url: str
) -> None:
    settings.DEBUG = True  # ninja then answers a failure with its traceback as plain text
    monkeypatch.setattr("tearspace.accounts.auth.token_for", _raise_secret)
    client = Client(raise_request_exception=False)
    response = client.generic(
        method, url, "{}", content_type="application/json", headers={"Authorization": "Bearer x"}
    )
    assert response.status_code == 500
    assert response.json() == GENERIC_500
    assert SECRET.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["*/*", "text/plain", "text/html", "application/json"])
def test_in_debug_a_failure_before_the_api_answers_only_the_generic_500(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, accept: str
) -> None:
    settings.DEBUG = True  # Django then answers with its technical page, plain or HTML
    monkeypatch.setattr("tearspace.core.middleware.text_problem", _raise_secret)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/crisis-lines", headers={"Accept": accept})
    assert response.status_code == 500
    assert response.json() == GENERIC_500
    assert SECRET.encode() not in response.content


@pytest.mark.parametrize("status", [500, 501, 502, 503, 504])
@pytest.mark.parametrize(
    "body",
    [
        HttpResponse(SECRET, content_type="text/plain"),
        HttpResponse(f"<p>{SECRET}</p>", content_type="text/html"),
        JsonResponse({"detail": SECRET}),
        JsonResponse({"error": SECRET, "trace": [SECRET]}),
    ],
    ids=["plain", "html", "json-detail", "json-other"],
)
def test_no_server_error_body_of_any_kind_reaches_an_api_client(
    body: HttpResponse, status: int
) -> None:
    body.status_code = status
    body["Retry-After"] = "2"
    answer = ApiErrorsAsJsonMiddleware(lambda request: body)(RequestFactory().get("/api/v1/x"))
    assert answer.status_code == status
    assert answer["Content-Type"] == "application/json"
    assert SECRET not in answer.content.decode()
    assert json.loads(answer.content)["detail"]
    assert answer["Retry-After"] == "2"


def test_the_schema_is_served_as_json_with_its_marked_title(client: Client) -> None:
    """The API docs' title and description are lazy translations: served as plain strings
    (in whatever words the catalog has for German, so only their shape is checked)."""
    response = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    info = response.json()["info"]
    assert isinstance(info["title"], str)
    assert info["title"]
    assert isinstance(info["description"], str)
    assert info["description"]
