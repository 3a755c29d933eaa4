"""The shared validators, property-based, and the export's file name for every script."""

import json
import re
from typing import Any
from urllib.parse import unquote

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tearspace.accounts.models import User
from tearspace.accounts.tests.conftest import PASSWORD, confirm_password
from tearspace.core.validators import (
    MAX_ID,
    BadInput,
    IdConverter,
    attachment_header,
    date_problem,
    id_or_none,
    media_type,
    number_or_none,
    parse_json,
    text_problem,
)

storable_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | storable_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(storable_text, inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_storable_json_reads_back_as_it_was_written(value: Any) -> None:
    assert parse_json(json.dumps(value)) == value
    assert text_problem(value) is None


@given(
    json_values,
    st.sampled_from(["\ud83d", "\udfff", "\x00"]),
    st.sampled_from(["key", "value", "list"]),
)
def test_one_unstorable_character_anywhere_in_json_is_found(
    value: Any, bad: str, where: str
) -> None:
    wrapped = {"key" + bad: value} if where == "key" else {"k": value, "v": [1, {"x": bad}]}
    if where == "list":
        wrapped = {"k": [value, ["deep", "a" + bad]]}
    assert text_problem(wrapped) is not None
    with pytest.raises(BadInput):
        parse_json(json.dumps(wrapped))


@pytest.mark.parametrize("raw", [b"\xff", b"{", b"NaN", b'{"a": Infinity}', b"1" * 5000])
def test_what_is_not_json_is_refused_with_a_reason(raw: bytes) -> None:
    with pytest.raises(BadInput, match="could not be read as JSON"):
        parse_json(raw)


@given(st.integers(min_value=-(2**80), max_value=2**80))
def test_ids_are_exactly_the_non_negative_numbers_a_column_holds(number: int) -> None:
    fits = 0 <= number <= MAX_ID
    assert (id_or_none(number) == number) is fits
    assert (id_or_none(str(number)) == number) is fits
    if number >= 0 and re.fullmatch(IdConverter.regex, str(number)):
        if fits:
            assert IdConverter().to_python(str(number)) == number
        else:
            with pytest.raises(ValueError, match="id out of range"):
                IdConverter().to_python(str(number))


@given(st.one_of(st.integers(), st.floats(), st.booleans(), st.text(), st.none()))
def test_numbers_from_frames_are_finite_and_bounded(value: object) -> None:
    number = number_or_none(value)
    assert number is None or (isinstance(number, float) and abs(number) <= 1e12)


@given(st.text())
def test_a_media_type_kept_is_always_safe_to_send_as_a_header(declared: str) -> None:
    try:
        kept = media_type(declared)
    except BadInput:
        return
    assert re.fullmatch(r"(audio|video)/[a-z0-9.+-]+", kept)


@given(st.datetimes())
def test_dates_are_usable_between_1900_and_2100(moment: Any) -> None:
    assert (date_problem(moment) is None) is (1900 <= moment.year <= 2100)


HANDLES = ["はなこ", "سارة", "Zoë", "alice"]


@pytest.mark.parametrize("handle", HANDLES)
def test_a_download_name_survives_in_every_script(handle: str) -> None:
    name = f"tearspace-{handle}-2026-11-30.zip"
    header = attachment_header(name, fallback="tearspace-export-2026-11-30.zip")
    header.encode("ascii")  # no MIME encoding needed on the way out
    plain = re.search(r'filename="([^"]+)"', header)
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", header)
    assert plain is not None
    assert encoded is not None
    assert unquote(encoded.group(1)) == name
    assert plain.group(1) == (name if handle.isascii() else "tearspace-export-2026-11-30.zip")
    response = HttpResponse()
    response["Content-Disposition"] = header
    assert "=?utf-8?" not in response.serialize_headers().decode("latin-1")


@pytest.mark.django_db
@pytest.mark.parametrize("handle", ["はなこ", "سارة"])
def test_the_issue_example_an_export_for_a_japanese_or_arabic_handle(handle: str) -> None:
    user = User.objects.create_user(username=handle, password=PASSWORD)
    client = Client()
    client.force_login(user)
    confirm_password(client)  # export needs a fresh sign-in
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="tearspace-export-')
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", disposition)
    assert encoded is not None
    assert unquote(encoded.group(1)).startswith(f"tearspace-{handle}-")
