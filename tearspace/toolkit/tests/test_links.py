"""The toolkit is offered where Tearspace already suggests calming down, and feeds the journal."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tearspace.journal.models import Entry
from tearspace.toolkit.models import ToolUse


@pytest.mark.django_db
def test_yes_ill_take_one_goes_straight_to_the_quiet_minute(login, alice):
    entry = Entry.objects.create(owner=alice)
    client = login(alice)
    response = client.post(f"/journal/{entry.pk}/reflect/", {"quiet_minute": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"/toolkit/after-a-cry/?quiet=start&entry={entry.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "data-autostart" in page
    assert f'href="/journal/{entry.pk}/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["no", ""])
def test_other_answers_go_back_to_the_entry(login, alice, answer):
    entry = Entry.objects.create(owner=alice)
    response = login(alice).post(f"/journal/{entry.pk}/reflect/", {"quiet_minute": answer})
    assert response["Location"] == f"/journal/{entry.pk}/"


@pytest.mark.django_db
def test_the_quiet_minute_waits_for_a_tap_unless_asked_to_start(client):
    assert "data-autostart" not in client.get("/toolkit/after-a-cry/").content.decode()


@pytest.mark.django_db
def test_log_this_cry_fills_in_the_journal_form_with_known_choices_only(login, alice):
    page = (
        login(alice)
        .get("/journal/new/?helped=quiet_minute&helped=nonsense&emotions=sad&emotions=<x>")
        .content.decode()
    )
    checked = re.findall(r'<input type="checkbox" name="(\w+)" value="(\w+)"[^>]* checked', page)
    assert sorted(checked) == [("emotions", "sad"), ("helped", "quiet_minute")]
    assert "nonsense" not in page
    assert "&lt;x&gt;" not in page


@pytest.mark.django_db
def test_the_help_panel_offers_breathing_and_grounding(login, alice):
    request = RequestFactory().get("/")
    request.user = alice
    html = Template("{% load safety %}{% help_panel %}").render(Context({"request": request}))
    assert 'href="/toolkit/breathe/"' in html
    assert 'href="/toolkit/grounding/"' in html


@pytest.mark.django_db
def test_the_journal_growth_page_shows_only_my_noted_tools(login, alice, charlie):
    ToolUse.objects.create(user=alice, tool="breathe")
    Entry.objects.create(owner=alice, relief="lighter")
    Entry.objects.create(owner=charlie, relief="lighter")
    mine = login(alice).get("/journal/growth/").content.decode()
    assert "Toolkit tools you noted using" in mine
    assert '<th scope="row">Guided breathing</th><td>1</td>' in mine
    theirs = login(charlie).get("/journal/growth/").content.decode()
    assert "Toolkit tools you noted using" in theirs
    assert "Guided breathing</th><td>1</td>" not in theirs
