from datetime import timedelta

import pytest
from django.utils import timezone

from tearspace.core.models import WorkerHeartbeat


@pytest.mark.django_db
def test_it_shows_the_home_page_to_anyone(login, alice):
    anonymous = login(None).get("/")
    assert anonymous.status_code == 200
    assert b"Make a private space" in anonymous.content
    signed_in = login(alice).get("/")
    assert b"Welcome back, alice" in signed_in.content


@pytest.mark.django_db
def test_every_page_links_to_help_now(login, alice):
    for client, path in [
        (login(None), "/"),
        (login(None), "/accounts/login/"),
        (login(alice), "/settings/"),
    ]:
        page = client.get(path).content.decode()
        assert 'class="help-now" href="/help/"' in page, path


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(login):
    response = login(None).get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "http" not in policy


@pytest.mark.django_db
def test_healthz_reports_ok_when_a_worker_is_alive(login):
    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now())
    response = login(None).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok", "task_worker": "ok"},
    }


@pytest.mark.django_db
def test_healthz_reports_a_stopped_worker(login):
    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now() - timedelta(minutes=5))
    response = login(None).get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["task_worker"] == "no worker seen in the last minute"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_a_missing_page_is_calm_and_keeps_the_help_link(login):
    response = login(None).get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Nothing here" in page
    assert 'class="help-now" href="/help/"' in page
