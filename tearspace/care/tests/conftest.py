"""Care personas: alice asks for care, theo is the therapist she asks, tess another therapist,
mona a moderator, ola the operator. Staff roles have their second factor set up."""

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from conftest import PASSWORD
from tearspace.accounts.models import Role, User
from tearspace.care.matching import Preferences
from tearspace.care.models import TherapistProfile, joined_keys


def with_totp(user: User) -> User:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def make_profile(user: User, name: str, **fields: object) -> TherapistProfile:
    values: dict[str, object] = {
        "display_name": name,
        "licence_type": "LCSW",
        "licence_number": f"NY-{user.pk:05d}",
        "region": "US-NY",
        "specialties": joined_keys(["grief", "anxiety"]),
        "languages": joined_keys(["en", "es"]),
        "online": True,
        "insurers": joined_keys(["aetna"]),
        "availability": joined_keys(["mon_evening", "tue_evening"]),
        "verified_at": timezone.now(),
        "note": "I listen first.",
    }
    values.update(fields)
    return TherapistProfile.objects.create(user=user, **values)


@pytest.fixture
def theo_profile(therapist: User) -> TherapistProfile:
    with_totp(therapist)
    return make_profile(therapist, "Theo Example")


@pytest.fixture
def tess(db: None) -> User:
    user = User.objects.create_user(username="tess", password=PASSWORD, role=Role.THERAPIST)
    return with_totp(user)


@pytest.fixture
def tess_profile(tess: User) -> TherapistProfile:
    return make_profile(tess, "Tess Example", specialties=joined_keys(["trauma"]))


@pytest.fixture
def operator(db: None) -> User:
    user = User.objects.create_user(username="ola", password=PASSWORD, role=Role.OPERATOR)
    return with_totp(user)


@pytest.fixture
def mod(moderator: User) -> User:
    return with_totp(moderator)


PREFS = Preferences(language="es", mode="online", region="US-NY", specialties=("grief",))
