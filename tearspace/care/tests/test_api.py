"""The care API as each side: directory search with reasons, intake, requests, the therapist's
inbox and answer, messages with an Idempotency-Key, and sharing through circles' own API."""

import pytest

from tearspace.journal.models import Entry

BASE = "/api/v1/care"


def post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_directory_search_answers_ranked_cards_with_reasons(
    login, alice, theo_profile, tess_profile
):
    client = login(alice)
    found = client.get(f"{BASE}/therapists?language=es&region=US-NY&specialties=grief").json()
    assert [t["name"] for t in found] == ["Theo Example", "Tess Example"]
    assert "specialises in grief" in found[0]["reasons"]
    assert "licence_number" not in found[0]
    assert client.get(f"{BASE}/therapists?language=xx").status_code == 400
    assert login(None).get(f"{BASE}/therapists").status_code == 401


@pytest.mark.django_db
def test_the_whole_path_over_the_api(login, alice, charlie, theo_profile, tess_profile):
    person, therapist = login(alice), login(theo_profile.user)
    answer = post(
        person,
        f"{BASE}/intake",
        {"what_brings": "grief", "language": "es", "region": "US-NY", "specialties": ["grief"]},
    )
    assert answer.status_code == 200
    body = answer.json()
    asked = post(
        person,
        f"{BASE}/requests",
        {"therapist": body["matches"][0]["id"], "intake": body["intake"]},
    )
    assert asked.status_code == 201
    care = asked.json()
    assert care["state"] == "requested"
    again = post(person, f"{BASE}/requests", {"therapist": body["matches"][0]["id"]})
    assert again.json()["id"] == care["id"]  # once per pair
    assert login(charlie).get(f"{BASE}/requests/{care['id']}").status_code == 404

    inbox = therapist.get(f"{BASE}/inbox").json()
    assert inbox[0]["what_brings"] == "grief"
    assert 47 < inbox[0]["hours_left"] <= 48
    assert (
        post(login(alice), f"{BASE}/requests/{care['id']}/answer", {"accept": True}).status_code
        == 404
    )
    accepted = post(
        therapist, f"{BASE}/requests/{care['id']}/answer", {"accept": True, "note": "hi"}
    )
    circle = accepted.json()["circle"]
    assert accepted.json()["state"] == "accepted"

    entry = Entry.objects.create(owner=alice, notes="shared through circles")
    share = post(person, "/api/v1/circles/shares", {"entry": entry.pk, "circles": [circle]}).json()
    seen = therapist.get(f"{BASE}/requests/{care['id']}").json()["shared_entries"]
    assert [s["words"] for s in seen] == ["shared through circles"]
    assert person.delete(f"/api/v1/circles/shares/{share['id']}").status_code == 204
    assert therapist.get(f"{BASE}/requests/{care['id']}").json()["shared_entries"] == []

    url = f"{BASE}/requests/{care['id']}/messages"
    key = {"Idempotency-Key": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}
    first = post(person, url, {"body": "hello"}, **key).json()
    second = post(person, url, {"body": "hello"}, **key).json()
    assert first["id"] == second["id"]
    assert [m["body"] for m in therapist.get(f"{url}?after=0").json()["messages"]] == ["hello"]
    assert post(login(tess_profile.user), url, {"body": "x"}).status_code == 404
