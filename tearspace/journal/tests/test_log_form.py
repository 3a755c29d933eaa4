"""The full log form opens a section at a time: the moment first; a section opens by itself when
it holds an answer or an error, or when the person usually fills it in."""

import re
from collections.abc import Callable

import pytest
from django.test import Client

from tearspace.accounts.models import User
from tearspace.journal.actions import do_log_entry
from tearspace.journal.forms import EntryForm

Login = Callable[[User | None], Client]
SECTIONS = [key for key, _title, _names in EntryForm.SECTIONS]


def open_sections(page: str) -> list[str]:
    return re.findall(r'<details class="form-section" id="section-(\w+)" open>', page)


def test_every_field_of_the_form_is_in_exactly_one_section() -> None:
    names = [name for _key, _title, fields in EntryForm.SECTIONS for name in fields]
    visible = [name for name, field in EntryForm.base_fields.items() if not field.widget.is_hidden]
    assert sorted(names) == sorted(visible)


def test_a_first_cry_shows_only_the_moment(alice: User, login: Login) -> None:
    page = login(alice).get("/journal/new/").content.decode()
    assert open_sections(page) == ["moment"]
    assert re.findall(r'id="section-(\w+)"', page) == SECTIONS
    assert 'class="actions save-bar"' in page


def test_the_sections_a_person_usually_fills_start_open(alice: User, login: Login) -> None:
    for notes in ("first", "second", ""):
        do_log_entry(owner=alice, fields={"notes": notes, "place": "home" if not notes else ""})
    page = login(alice).get("/journal/new/").content.decode()
    assert open_sections(page) == ["moment", "after"]  # notes twice in three; a place once


@pytest.mark.parametrize(
    ("data", "section"),
    [({"duration_minutes": "5000"}, "more"), ({"relief": "no-such-relief"}, "after")],
)
def test_a_folded_section_with_an_error_opens_with_the_words_kept(
    alice: User, login: Login, data: dict[str, str], section: str
) -> None:
    response = login(alice).post("/journal/new/", {**data, "notes": "kept words"})
    assert response.status_code == 400
    page = response.content.decode()
    assert section in open_sections(page)
    assert "after" in open_sections(page)  # the notes' section, holding the words
    assert "kept words" in page


def test_an_entry_being_edited_opens_every_section_it_fills(alice: User, login: Login) -> None:
    entry = do_log_entry(owner=alice, fields={"with_whom": "friend"}).entry
    page = login(alice).get(f"/journal/{entry.pk}/edit/").content.decode()
    assert open_sections(page) == ["moment", "where"]
