"""Nobody can take a handle that looks like someone else's, on any path."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.test import TestCase as DjangoTestCase
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from conftest import PASSWORD
from tearspace.accounts.actions import do_create_token, do_update_settings
from tearspace.accounts.handles import LOOK_ALIKES, canonical_handle, validate_handle
from tearspace.accounts.models import User

# For each script, the look-alike of each Latin letter that has one.
LOOK_ALIKE_FOR: dict[str, dict[str, str]] = {
    script: {str(latin): chr(other) for other, latin in LOOK_ALIKES.items() if low <= other < high}
    for script, (low, high) in {"cyrillic": (0x400, 0x530), "greek": (0x370, 0x400)}.items()
}
# Inside Latin itself: IPA and dotless letters, capital I for l, digits for letters.
LOOK_ALIKE_FOR["latin"] = {
    **dict(zip("agij", "\u0251\u0261\u0131\u0237", strict=True)),
    **{"l": "I", "o": "0", "1": "l", "d": "\u1d05", "e": "e\u0301"},
}
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\u3164"]


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def swap_letters(text: str, positions: list[bool], script: str) -> str:
    table = LOOK_ALIKE_FOR[script]
    return "".join(
        table[c] if swap and c in table else c for c, swap in zip(text, positions, strict=False)
    )


handles = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=3, max_size=20)


@st.composite
def disguises(draw: st.DrawFn) -> tuple[str, str]:
    """A handle and a look-alike: other case, Cyrillic or Greek letters, full width, or a mix."""
    handle = draw(handles)
    cases = draw(st.lists(st.booleans(), min_size=len(handle), max_size=len(handle)))
    swaps = draw(st.lists(st.booleans(), min_size=len(handle), max_size=len(handle)))
    disguise = "".join(c.upper() if up else c for c, up in zip(handle, cases, strict=True))
    disguise = swap_letters(disguise, swaps, draw(st.sampled_from(sorted(LOOK_ALIKE_FOR))))
    if draw(st.booleans()):
        disguise = fullwidth(disguise)
    return handle, disguise


def refused_or_same(handle: str, disguise: str) -> bool:
    try:
        validate_handle(disguise)
    except ValidationError:
        return True
    return canonical_handle(disguise) == canonical_handle(handle)


@given(disguises())
def test_a_look_alike_is_refused_or_counts_as_the_same_handle(pair: tuple[str, str]) -> None:
    assert refused_or_same(*pair)


@given(handles, st.sampled_from(INVISIBLES), st.integers(min_value=0, max_value=20))
def test_an_invisible_character_anywhere_is_refused(handle: str, mark: str, at: int) -> None:
    with pytest.raises(ValidationError):
        validate_handle(handle[:at] + mark + handle[at:])


@given(st.text(min_size=1, max_size=30))
def test_the_canonical_form_is_stable(text: str) -> None:
    once = canonical_handle(text)
    assert canonical_handle(once) == once
    assert canonical_handle(text.upper()) == canonical_handle(text.lower()) or (
        # Some letters change under upper() in ways case folding does not undo (ǅ, ϐ): then
        # at least the NFKC forms of both are their own stable canonical forms.
        canonical_handle(canonical_handle(text.upper())) == canonical_handle(text.upper())
    )


@pytest.mark.parametrize(
    ("handle", "code"),
    [
        ("\u0430lice", "mixed_scripts"),  # Cyrillic a
        ("\u0391lice", "mixed_scripts"),  # Greek capital alpha
        ("ali\u200bce", "invisible"),
        ("alice\u202e", "invisible"),
        ("\u3164\u3164\u3164", "invisible"),
    ],
)
def test_the_issues_look_alikes_are_refused_with_a_reason(handle: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_handle(handle)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("handle", "disguise"),
    [
        ("alice", "\u0251lice"),  # Latin alpha
        ("greta", "\u0261reta"),  # script g
        ("alice", "al\u0131ce"),  # dotless i
        ("alice", "aIice"),  # capital I for l
        ("demo", "\u1d05emo"),  # small capital D
        ("demo", "dem\u1d0f"),  # small capital O
        ("demo", "demo\u0307"),  # a dot above the o
        ("demo", "dem\u00f3"),  # an accent
    ],
)
def test_look_alikes_inside_latin_count_as_the_same_handle(handle: str, disguise: str) -> None:
    validate_handle(disguise)  # one script: allowed as a spelling, but not beside the original
    assert canonical_handle(disguise) == canonical_handle(handle)


@pytest.mark.parametrize(
    "handle", ["quietriver", "山田たろう", "taro山田", "김철수", "Ирина", "Σοφία"]
)
def test_handles_in_one_script_or_cjk_with_latin_are_fine(handle: str) -> None:
    validate_handle(handle)


def api_rename(user: User, handle: str) -> int:
    _token, raw = do_create_token(user=user, name="cli")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    response = client.patch("/api/v1/me", {"handle": handle}, content_type="application/json")
    return response.status_code


def page_rename(user: User, handle: str) -> int:
    client = Client()
    client.force_login(user)
    form = {"username": handle, "language": "en", "theme": "system"}
    return client.post("/settings/", form).status_code


def signed_up(handle: str) -> bool:
    before = User.objects.count()
    password = "a-fresh-password-9"
    Client().post(
        "/accounts/signup/", {"username": handle, "password1": password, "password2": password}
    )
    return User.objects.count() == before + 1


def admin_added(admin: User, handle: str) -> bool:
    before = User.objects.count()
    client = Client()
    client.force_login(admin)
    password = "a-fresh-password-9"
    client.post(
        "/admin/accounts/user/add/",
        {
            "username": handle,
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
    )
    return User.objects.count() == before + 1


class EveryPathTests(DjangoTestCase):
    """Sign-up, settings page, PATCH /api/v1/me, the admin and the database itself."""

    def setUp(self) -> None:
        from allauth.mfa.models import Authenticator

        self.demo = User.objects.create_user(username="demo", password=PASSWORD)
        self.bob = User.objects.create_user(username="bob", password=PASSWORD)
        self.admin = User.objects.create_superuser(username="root", password=PASSWORD)
        Authenticator.objects.create(user=self.admin, type=Authenticator.Type.TOTP, data={})

    def test_demo_cannot_be_taken_as_Demo_on_any_path(self) -> None:
        assert api_rename(self.bob, "Demo") == 400
        assert page_rename(self.bob, "Demo") == 400
        assert not signed_up("DEMO")
        assert not admin_added(self.admin, "\uff24emo")  # full-width D
        with pytest.raises(ValidationError):
            do_update_settings(user=self.bob, username="dEmo")
        self.bob.refresh_from_db()
        assert self.bob.username == "bob"
        for handle in ("demo", "bob"):
            client = Client()
            client.post("/accounts/login/", {"login": handle, "password": PASSWORD})
            assert client.session.get("_auth_user_id")

    def test_the_database_refuses_a_look_alike_that_skipped_every_form(self) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.create(username="DEMO")

    def test_a_handle_nobody_has_still_works_everywhere(self) -> None:
        assert api_rename(self.bob, "Bobby") == 200
        assert page_rename(self.bob, "bobbie") == 302
        assert signed_up("newperson")
        assert admin_added(self.admin, "another")


class DisguiseTests(TestCase):
    """Each example makes its own people: hypothesis rolls back examples, not setUp."""

    @settings(max_examples=25, deadline=None)
    @given(disguises())
    def test_no_path_lets_a_disguise_of_a_taken_handle_through(self, pair: tuple[str, str]) -> None:
        handle, disguise = pair
        User.objects.create_user(username=handle, password=PASSWORD)
        person = User.objects.create_user(username="someone-else", password=PASSWORD)
        assert api_rename(person, disguise) == 400
        assert page_rename(person, disguise) == 400
        assert not signed_up(disguise)
        person.refresh_from_db()
        assert person.username == "someone-else"
