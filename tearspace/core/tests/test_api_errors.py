import pytest

from tearspace.accounts.actions import do_create_token


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
