import pytest
from django.test import Client

from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import User


def as_token(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me"),
        ("get", "/api/v1/me/export"),
        ("get", "/api/v1/tokens"),
        ("post", "/api/v1/me/delete"),
        ("patch", "/api/v1/me"),
    ],
)
def test_account_endpoints_refuse_anonymous_callers(method, path):
    body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
    response = getattr(Client(), method)(path, **body)
    assert response.status_code == 401


@pytest.mark.django_db
def test_me_works_with_a_token_and_with_the_session(login, alice):
    _token, raw = do_create_token(user=alice, name="cli")
    assert as_token(raw).get("/api/v1/me").json()["handle"] == "alice"
    assert login(alice).get("/api/v1/me").json()["handle"] == "alice"


@pytest.mark.django_db
def test_a_revoked_or_unknown_token_is_refused(alice):
    token, raw = do_create_token(user=alice, name="cli")
    token.delete()
    assert as_token(raw).get("/api/v1/me").status_code == 401
    assert as_token("tsp_guess").get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_patch_me_validates_and_saves(alice):
    _token, raw = do_create_token(user=alice, name="cli")
    bad = as_token(raw).patch("/api/v1/me", {"theme": "neon"}, content_type="application/json")
    assert bad.status_code == 400
    assert "theme" in bad.json()["errors"]
    good = as_token(raw).patch(
        "/api/v1/me", {"theme": "dark", "country": "NZ"}, content_type="application/json"
    )
    assert good.status_code == 200
    assert (good.json()["theme"], good.json()["country"]) == ("dark", "NZ")


@pytest.mark.django_db
def test_tokens_api_only_sees_and_revokes_my_tokens(alice, charlie):
    alice_token, alice_raw = do_create_token(user=alice, name="a")
    _charlie_token, charlie_raw = do_create_token(user=charlie, name="c")
    assert [t["name"] for t in as_token(alice_raw).get("/api/v1/tokens").json()] == ["a"]
    stranger = as_token(charlie_raw).delete(f"/api/v1/tokens/{alice_token.pk}")
    assert stranger.status_code == 404
    assert as_token(alice_raw).delete(f"/api/v1/tokens/{alice_token.pk}").status_code == 204


@pytest.mark.django_db
def test_only_a_session_that_just_confirmed_its_password_makes_tokens(alice, login, fresh_login):
    _token, raw = do_create_token(user=alice, name="a")
    body = {"name": "b", "scope": "read"}
    for client in (as_token(raw), login(alice)):
        refused = client.post("/api/v1/tokens", body, content_type="application/json")
        assert refused.status_code == 403
        assert "confirm your password" in refused.json()["detail"]
    created = fresh_login(alice).post("/api/v1/tokens", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["secret"].startswith("tsp_")
    assert created.json()["token"]["scope"] == "read"


@pytest.mark.django_db
def test_export_api_needs_a_fresh_session_and_returns_my_data(alice, login, fresh_login):
    _token, raw = do_create_token(user=alice, name="cli")
    assert as_token(raw).get("/api/v1/me/export").status_code == 403
    assert login(alice).get("/api/v1/me/export").status_code == 403
    data = fresh_login(alice).get("/api/v1/me/export").json()
    assert data["format"] == "tearspace-export/1"
    assert data["account"]["handle"] == "alice"


@pytest.mark.django_db
def test_delete_api_needs_a_fresh_session_and_the_handle(alice, fresh_login):
    _token, raw = do_create_token(user=alice, name="cli")
    by_token = as_token(raw).post(
        "/api/v1/me/delete", {"confirm": "alice"}, content_type="application/json"
    )
    assert by_token.status_code == 403
    client = fresh_login(alice)
    wrong = client.post("/api/v1/me/delete", {"confirm": "bob"}, content_type="application/json")
    assert wrong.status_code == 400
    assert User.objects.filter(pk=alice.pk).exists()
    right = client.post("/api/v1/me/delete", {"confirm": "alice"}, content_type="application/json")
    assert right.status_code == 204
    assert not User.objects.filter(pk=alice.pk).exists()
