"""The care API as each side: directory search with reasons, intake, requests, the therapist's
inbox and answer, messages with an Idempotency-Key, and sharing through circles' own API."""

import pytest

from tearspace.accounts.models import User
from tearspace.care import actions, selectors
from tearspace.care.tests.conftest import PREFS
from tearspace.journal.models import Entry
from tearspace.safety.models import SelfCheck

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


@pytest.mark.django_db
def test_the_inbox_reads_what_each_person_shares_in_a_fixed_number_of_queries(
    login, theo_profile, monkeypatch, django_assert_max_num_queries
):
    """Shared entries and trends come with every inbox row, however many rows there are; each
    trend keeps its person's first TREND_LIMIT self-checks."""
    monkeypatch.setattr(selectors, "TREND_LIMIT", 2)
    for n in range(3):
        person = User.objects.create_user(username=f"person{n}", password="x")
        intake = actions.do_submit_intake(person=person, what_brings="grief", prefs=PREFS).intake
        care = actions.do_request_care(person=person, therapist_id=theo_profile.pk, intake=intake)
        care = actions.do_answer_request(request=care, accept=True, note="")
        entry = Entry.objects.create(owner=person, notes=f"words of person{n}")
        actions.do_share_with_therapist(request=care, entry=entry)
        actions.do_set_self_check_sharing(request=care, shared=True)
        for score in (n, n + 10, n + 20):
            SelfCheck.objects.create(
                person=person, kind="phq9", answers=[0] * 9, score=score, band="minimal"
            )
    client = login(theo_profile.user)
    with django_assert_max_num_queries(8):
        inbox = client.get(f"{BASE}/inbox").json()
    assert sorted(
        (row["person"], [s["words"] for s in row["shared_entries"]]) for row in inbox
    ) == [(f"person{n}", [f"words of person{n}"]) for n in range(3)]
    assert sorted(
        (row["person"], [p["score"] for p in row["self_check_trend"]]) for row in inbox
    ) == [(f"person{n}", [n, n + 10]) for n in range(3)]
