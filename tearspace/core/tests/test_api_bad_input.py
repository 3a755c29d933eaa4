"""Property-based pass over every API operation in the served OpenAPI schema.

Every body field and query parameter of every route gets text that cannot be stored (lone
surrogates, NUL), numbers past any column (huge, negative, 1e308) and dates outside the usable
years. Text that cannot be stored is always a 400 naming the problem; nothing is ever a 5xx.
"""

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.api import api
from tearspace.accounts.actions import do_create_token
from tearspace.accounts.models import Role, User
from tearspace.core.validators import MAX_ID
from tearspace.journal.models import Entry

SCHEMA: dict[str, Any] = json.loads(
    json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), default=str)
)
# Ids that exist nowhere but fit a column, so no fuzzed request acts on a real object.
PATH_VALUES = {"kind": "report", "montage_id": "00000000-0000-0000-0000-000000000000"}
UNSTORABLE = ["\ud83d", "\udc00", "\x00", "\udfff\ud800"]

unstorable_text = st.builds(
    lambda before, bad, after: before + bad + after,
    st.text(max_size=4),
    st.sampled_from(UNSTORABLE),
    st.text(max_size=4),
)
huge_numbers = st.one_of(
    st.integers(min_value=2**63, max_value=10**40),
    st.integers(min_value=-(10**40), max_value=-1),
    st.sampled_from([1e308, -1e308, 5e-324, 10**300]),
)
odd_dates = st.one_of(
    st.sampled_from(
        ["9999-12-31T23:30:00+00:00", "0001-01-01T00:00:00", "9999-12-31", "0001-01-01"]
    ),
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(1899, 12, 31),
    ).map(lambda d: d.isoformat()),
    st.dates(min_value=date(2101, 1, 1)).map(lambda d: d.isoformat()),
)


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _json_fields(operation: dict[str, Any]) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return []
    return sorted(_resolve(content["application/json"]["schema"]).get("properties", {}))


def _query_fields(operation: dict[str, Any]) -> list[str]:
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]


def _concrete(path: str) -> str:
    for name, value in PATH_VALUES.items():
        path = path.replace("{" + name + "}", value)
    while "{" in path:
        start = path.index("{")
        path = path[:start] + "999999" + path[path.index("}", start) + 1 :]
    return path


OPERATIONS = sorted(_operations(), key=lambda item: (item[1], item[0]))
IDS = [f"{method} {path}" for method, path, _ in OPERATIONS]


@pytest.fixture
def callers(db: None) -> dict[str, dict[str, str]]:
    """A member and a moderator (second factor set up), each with a token."""
    member = User.objects.create_user(username="fuzzer", password="x-long-password-1")
    moderator = User.objects.create_user(
        username="fuzzmod", password="x-long-password-1", role=Role.MODERATOR
    )
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "X"})
    return {
        user.username: {"Authorization": f"Bearer {do_create_token(user=user, name='f')[1]}"}
        for user in (member, moderator)
    }


def _call(
    client: Client, method: str, path: str, headers: dict[str, str], body: object = None
) -> Any:
    if body is None:
        return client.generic(method, path, headers=headers)
    return client.generic(
        method, path, json.dumps(body), content_type="application/json", headers=headers
    )


def test_the_pass_covers_every_route() -> None:
    assert len(OPERATIONS) > 60
    assert sum(1 for *_, op in OPERATIONS if _json_fields(op)) > 25


FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
@FUZZ
@given(data=st.data())
def test_unstorable_text_in_any_field_is_a_400_with_a_reason(
    client: Client,
    callers: dict[str, dict[str, str]],
    method: str,
    path: str,
    operation: dict,
    data,
) -> None:
    body_fields, query_fields = _json_fields(operation), _query_fields(operation)
    if not body_fields and not query_fields:
        return
    bad = data.draw(unstorable_text)
    where = data.draw(
        st.sampled_from([("body", f) for f in body_fields] + [("query", f) for f in query_fields])
    )
    headers = callers[data.draw(st.sampled_from(sorted(callers)))]
    if where[0] == "body":
        response = _call(client, method, _concrete(path), headers, {where[1]: bad})
    else:
        # Query strings are bytes: Django reads broken UTF-8 (surrogates) as U+FFFD, but NUL
        # would reach the database, so every query value here carries one.
        query = urlencode({where[1]: bad + "\x00"}, encoding="utf-8", errors="surrogatepass")
        response = client.generic(method, _concrete(path), headers=headers, QUERY_STRING=query)
    assert response.status_code == 400, (where, bad, response.content[:300])
    assert "Unicode" in response.json()["detail"] or "NUL" in response.json()["detail"]


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
@FUZZ
@given(data=st.data())
def test_huge_numbers_and_odd_dates_in_any_field_are_never_a_server_error(
    client: Client,
    callers: dict[str, dict[str, str]],
    method: str,
    path: str,
    operation: dict,
    data,
) -> None:
    fields = _json_fields(operation)
    value = data.draw(st.one_of(huge_numbers, odd_dates))
    headers = callers[data.draw(st.sampled_from(sorted(callers)))]
    if fields:
        body = {name: data.draw(st.one_of(huge_numbers, odd_dates, st.none())) for name in fields}
        body[data.draw(st.sampled_from(fields))] = value
        response = _call(client, method, _concrete(path), headers, body)
    else:
        query = urlencode({name: str(value) for name in _query_fields(operation)})
        response = client.generic(method, _concrete(path), headers=headers, QUERY_STRING=query)
    assert response.status_code < 500, (value, response.content[:300])


INTEGER_QUERIES = [
    (method, path, parameter["name"], parameter["schema"])
    for method, path, operation in OPERATIONS
    for parameter in operation.get("parameters", [])
    if parameter["in"] == "query" and parameter["schema"].get("type") == "integer"
]


def test_every_integer_query_parameter_declares_its_range() -> None:
    assert len(INTEGER_QUERIES) >= 7
    undeclared = [(m, p, name) for m, p, name, schema in INTEGER_QUERIES if "minimum" not in schema]
    assert undeclared == []


@pytest.mark.parametrize(
    ("method", "path", "name", "schema"),
    INTEGER_QUERIES,
    ids=[f"{m} {p} {name}" for m, p, name, _ in INTEGER_QUERIES],
)
def test_an_integer_query_out_of_its_range_is_a_422_naming_it(
    client: Client,
    callers: dict[str, dict[str, str]],
    method: str,
    path: str,
    name: str,
    schema: dict[str, Any],
) -> None:
    outside = [schema["minimum"] - 1] + ([schema["maximum"] + 1] if "maximum" in schema else [])
    for value in outside:
        response = client.generic(
            method, _concrete(path), headers=callers["fuzzer"], QUERY_STRING=f"{name}={value}"
        )
        assert response.status_code == 422, (value, response.content[:300])
        assert name in json.dumps(response.json()["detail"])


def _schema_classes(root: type) -> list[type]:
    found: list[type] = []
    subclasses: list[type] = root.__subclasses__()
    for sub in subclasses:
        if sub.__module__.startswith(("tearspace.", "config.")):
            found.append(sub)
        found.extend(_schema_classes(sub))
    return found


def test_every_api_schema_has_a_name_of_its_own() -> None:
    """Two schemas with one name share one OpenAPI component: the docs would show one's fields
    for the other's route (circles' invitation answer was listed with a care answer's note)."""
    from ninja import Schema

    classes = _schema_classes(Schema)
    assert len(classes) > 40
    names: dict[str, list[str]] = {}
    for cls in classes:
        names.setdefault(cls.__name__, []).append(cls.__module__)
    assert {name: where for name, where in names.items() if len(where) > 1} == {}
    components = set(SCHEMA["components"]["schemas"])
    assert {"InvitationAnswerIn", "RoomInvitationAnswerIn", "CareAnswerIn"} <= components


def _numbers_in(schema: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every integer or number a body schema declares: (dotted place, its schema); `[]` marks
    an item of a list."""
    schema = _resolve(schema)
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        yield from _numbers_in(option, where)
    if schema.get("type") in {"integer", "number"}:
        yield where, schema
    for name, field in schema.get("properties", {}).items():
        yield from _numbers_in(field, f"{where}.{name}" if where else name)
    if "items" in schema:
        yield from _numbers_in(schema["items"], where + "[]")


BODY_NUMBERS = [
    (method, path, where, number)
    for method, path, operation in OPERATIONS
    for content in [operation.get("requestBody", {}).get("content", {})]
    if "application/json" in content
    for where, number in _numbers_in(content["application/json"]["schema"], "")
]
BODY_NUMBER_IDS = [f"{m} {p} {where}" for m, p, where, _ in BODY_NUMBERS]


def test_every_number_in_every_api_body_declares_its_range() -> None:
    assert len(BODY_NUMBERS) >= 20
    undeclared = [
        (m, p, where) for m, p, where, n in BODY_NUMBERS if "minimum" not in n or "maximum" not in n
    ]
    assert undeclared == []


def _body_with(where: str, value: object) -> dict[str, Any]:
    name, _, rest = where.partition(".")
    if name.endswith("[]"):
        return {name[:-2]: [_body_with(rest, value) if rest else value]}
    return {name: _body_with(rest, value) if rest else value}


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "where", "number"), BODY_NUMBERS, ids=BODY_NUMBER_IDS)
def test_a_body_number_out_of_its_range_is_a_422_naming_it(
    client: Client,
    callers: dict[str, dict[str, str]],
    method: str,
    path: str,
    where: str,
    number: dict[str, Any],
) -> None:
    field = where.split(".")[-1].removesuffix("[]")
    for value in (number["minimum"] - 1, number["maximum"] + 1):
        body = _body_with(where, value)
        response = _call(client, method, _concrete(path), callers["fuzzmod"], body)
        if abs(value) > MAX_ID:  # past any column: the body parser refuses it first
            assert response.status_code == 400, (value, response.content[:300])
            assert "too large" in response.json()["detail"]
        else:
            assert response.status_code == 422, (value, response.content[:300])
            assert field in json.dumps(response.json()["detail"]), response.content[:300]


JSON_BODY_OPERATIONS = [(m, p) for m, p, op in OPERATIONS if _json_fields(op)]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), JSON_BODY_OPERATIONS)
def test_an_absurd_number_anywhere_in_a_body_is_refused_with_a_reason(
    client: Client, callers: dict[str, dict[str, str]], method: str, path: str
) -> None:
    """Declared or not: a field the schema does not know (a 26-digit "budget") is refused too,
    not silently dropped, and so is one nested in a list."""
    for body in ({"budget": 10**25}, {"x": [{"y": -(10**30)}]}, {"n": 1e300}):
        response = _call(client, method, _concrete(path), callers["fuzzer"], body)
        assert response.status_code == 400, (body, response.content[:300])
        assert "too large" in response.json()["detail"]


@pytest.mark.django_db
def test_the_intake_a_stranger_sent_with_a_26_digit_budget_is_refused(
    client: Client, callers: dict[str, dict[str, str]]
) -> None:
    body = {"what_brings": "grief", "budget": 12345678901234567890123456}
    response = _call(client, "POST", "/api/v1/care/intake", callers["fuzzer"], body)
    assert response.status_code == 400
    assert response.json()["detail"] == "A number is too large to use: 123456789012…"


BODY_OPERATIONS = [op for op in OPERATIONS if _json_fields(op[2])]
NOT_OBJECTS = [[], [{"intensity": 3}], "text", 5, True, None]


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    BODY_OPERATIONS,
    ids=[f"{method} {path}" for method, path, _ in BODY_OPERATIONS],
)
def test_a_body_that_is_not_an_object_is_a_400_with_a_reason(
    client: Client, callers: dict[str, dict[str, str]], method: str, path: str, operation: dict
) -> None:
    # A list or a bare value was read as "no fields given": an empty journal entry was made.
    for body in NOT_OBJECTS:
        response = client.generic(
            method,
            _concrete(path),
            json.dumps(body),
            content_type="application/json",
            headers=callers["fuzzer"],
        )
        assert response.status_code == 400, (body, response.content[:300])
        assert "JSON object" in response.json()["detail"]


@pytest.mark.django_db
def test_a_list_sent_as_a_new_entry_makes_no_entry(client: Client) -> None:
    user = User.objects.create_user(username="lister", password="x-long-password-1")
    token = do_create_token(user=user, name="f")[1]
    response = client.post(
        "/api/v1/journal/entries",
        json.dumps([{"intensity": 3}]),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert not Entry.objects.filter(owner=user).exists()
