import io
import json
import zipfile

import pytest

from tearspace.accounts.models import PersonalAccessToken, User

PAGES = ["/settings/", "/settings/export/", "/settings/delete/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_account_pages_send_anonymous_people_to_log_in(login, path):
    response = login(None).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_it_saves_settings(login, alice):
    response = login(alice).post(
        "/settings/", {"username": "alice", "language": "fr", "country": "FR", "theme": "dark"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.language, alice.country.code, alice.theme) == ("fr", "FR", "dark")
    page = login(alice).get("/").content.decode()
    assert 'data-theme="dark"' in page
    assert '<html lang="fr"' in page


@pytest.mark.django_db
def test_it_changes_my_handle_but_not_to_someone_elses(login, alice, bob):
    client = login(alice)
    taken = client.post("/settings/", {"username": "bob", "language": "en", "theme": "system"})
    assert taken.status_code == 400
    assert "That handle is taken" in taken.content.decode()
    client.post("/settings/", {"username": "alder", "language": "en", "theme": "system"})
    alice.refresh_from_db()
    assert alice.username == "alder"


@pytest.mark.django_db
def test_bad_settings_are_shown_again_with_a_reason(login, alice):
    response = login(alice).post(
        "/settings/", {"username": "alice", "language": "en", "country": "ZZ", "theme": "dark"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert '<option value="dark" selected>' in page
    alice.refresh_from_db()
    assert alice.theme == "system"


@pytest.mark.django_db
def test_it_creates_shows_once_and_revokes_a_token(fresh_login, alice):
    client = fresh_login(alice)
    response = client.post("/settings/tokens/", {"name": "my phone", "scope": "read"})
    raw = response.context["new_token"]
    assert raw.startswith("tsp_")
    assert raw in response.content.decode()
    token = PersonalAccessToken.objects.get(user=alice)
    assert raw not in token.digest
    assert raw not in client.get("/settings/").content.decode()
    client.post(f"/settings/tokens/{token.pk}/revoke/")
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.django_db
def test_a_stranger_cannot_revoke_someone_elses_token(fresh_login, alice, charlie):
    fresh_login(alice).post("/settings/tokens/", {"name": "mine", "scope": "read"})
    token = PersonalAccessToken.objects.get(user=alice)
    fresh_login(charlie).post(f"/settings/tokens/{token.pk}/revoke/")
    assert PersonalAccessToken.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_export_downloads_only_my_own_data(fresh_login, alice, bob):
    response = fresh_login(alice).get("/settings/export/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["handle"] == "alice"
    assert "bob" not in json.dumps(data)


@pytest.mark.django_db
def test_delete_needs_the_handle_and_keeps_the_account_otherwise(fresh_login, alice):
    response = fresh_login(alice).post("/settings/delete/", {"confirm": "not-alice"})
    assert response.status_code == 400
    assert "nothing was deleted" in response.content.decode()
    assert 'value="not-alice"' in response.content.decode()
    assert User.objects.filter(username="alice").exists()


@pytest.mark.django_db
def test_delete_removes_the_account_and_everything_it_owns(fresh_login, alice, bob):
    client = fresh_login(alice)
    client.post("/settings/tokens/", {"name": "x", "scope": "write"})
    response = client.post("/settings/delete/", {"confirm": "alice"})
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(username="alice").exists()
    assert not PersonalAccessToken.objects.exists()
    assert User.objects.filter(username="bob").exists()
    assert client.get("/settings/").status_code == 302
