"""Matching over a generated directory: every suggestion meets the hard preferences, every
reason shown is true of that therapist, and nobody left out would have ranked higher."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tearspace.care.matching import (
    APPROACH_WEIGHT,
    COLUMNS,
    GENDER_WEIGHT,
    SPECIALTY_WEIGHT,
    TIME_WEIGHT,
    TIMES_COUNTED,
    Preferences,
    PreferencesError,
    hard_filter,
    insurer_label,
    match_therapists,
    rank,
)
from tearspace.care.models import (
    APPROACHES,
    LANGUAGES,
    PARTS,
    SLOTS,
    SPECIALTIES,
    Gender,
    TherapistProfile,
    keys_of,
)
from tearspace.care.tests.factories import INSURERS, REGIONS, generate_directory

preferences = st.builds(
    Preferences,
    language=st.sampled_from(list(LANGUAGES)),
    mode=st.sampled_from(["either", "online", "in_person"]),
    region=st.sampled_from(REGIONS),
    insurer=st.sampled_from(["", *INSURERS]),
    sliding_scale_ok=st.booleans(),
    specialties=st.lists(st.sampled_from(list(SPECIALTIES)), max_size=3, unique=True).map(tuple),
    approaches=st.lists(st.sampled_from(list(APPROACHES)), max_size=2, unique=True).map(tuple),
    gender=st.sampled_from(["", *Gender.values]),
    times=st.lists(st.sampled_from(SLOTS), max_size=6, unique=True).map(tuple),
)


def meets_hard(p: TherapistProfile, prefs: Preferences) -> bool:
    """The hard preferences, written again from the profile's own lists."""
    insured = prefs.insurer in keys_of(p.insurers)
    paying = (
        insured or (prefs.sliding_scale_ok and p.sliding_scale)
        if prefs.insurer
        else (p.sliding_scale if prefs.sliding_scale_ok else True)
    )
    mode = {"online": p.online, "in_person": p.in_person}.get(prefs.mode, True)
    return (
        p.verified_at is not None
        and not p.suspended
        and prefs.language in keys_of(p.languages)
        and p.region == prefs.region
        and mode
        and paying
    )


def expected_score(p: TherapistProfile, prefs: Preferences) -> int:
    shared_times = set(prefs.times) & set(keys_of(p.availability))
    return (
        SPECIALTY_WEIGHT * len(set(prefs.specialties) & set(keys_of(p.specialties)))
        + APPROACH_WEIGHT * len(set(prefs.approaches) & set(keys_of(p.approaches)))
        + (GENDER_WEIGHT if prefs.gender and p.gender == prefs.gender else 0)
        + TIME_WEIGHT * min(len(shared_times), TIMES_COUNTED)
    )


def reason_is_true(reason: str, p: TherapistProfile, prefs: Preferences) -> bool:
    """Read one reason back against the profile: what it claims must hold."""
    checks = {f"speaks {name}": code in keys_of(p.languages) for code, name in LANGUAGES.items()}
    checks |= {f"specialises in {n}": k in keys_of(p.specialties) for k, n in SPECIALTIES.items()}
    checks |= {f"works with {n}": k in keys_of(p.approaches) for k, n in APPROACHES.items()}
    checks |= {f"is {g.label}, as you asked": p.gender == g.value for g in Gender}
    checks |= {
        f"takes your insurance ({insurer_label(k)})": k in keys_of(p.insurers) for k in INSURERS
    }
    checks["offers a sliding scale"] = p.sliding_scale
    checks["sees people online"] = p.online
    if reason in checks:
        return checks[reason]
    if reason.startswith("sees people in person in "):
        return p.in_person and reason.endswith(f" in {p.location}")
    if reason.startswith("has "):
        parts = {slot.split("_")[1] for slot in set(prefs.times) & set(keys_of(p.availability))}
        named = {part for part, label in PARTS.items() if str(label) in reason}
        return bool(parts) and named == parts
    return False  # a reason nobody can check is not shown


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        profiles = generate_directory(5000, seed=11)
        yield {p.pk: p for p in TherapistProfile.objects.all()}
        TherapistProfile.objects.all().delete()
        from tearspace.accounts.models import User

        User.objects.filter(pk__in=[p.user_id for p in profiles]).delete()


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(prefs=preferences)
def test_every_suggestion_meets_the_hard_preferences_and_every_reason_is_true(directory, prefs):
    matches = match_therapists(prefs, limit=10)
    # The database's order is the pure ranking's order over the same rows.
    assert rank(prefs, hard_filter(prefs).values_list(*COLUMNS), limit=10) == matches
    eligible = [p for p in directory.values() if meets_hard(p, prefs)]
    assert len(matches) == min(10, len(eligible))
    for match in matches:
        profile = directory[match.therapist_id]
        assert meets_hard(profile, prefs)
        assert match.score == expected_score(profile, prefs)
        assert match.reasons, "a suggestion always says why"
        for reason in match.reasons:
            assert reason_is_true(reason, profile, prefs), reason
    # Nobody left out would have ranked above the last one shown.
    if matches:
        shown = {m.therapist_id for m in matches}
        floor = matches[-1].score
        assert all(expected_score(p, prefs) <= floor for p in eligible if p.pk not in shown)
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


@pytest.mark.django_db
def test_a_suspended_or_unverified_therapist_is_never_suggested(directory):
    hidden = {pk for pk, p in directory.items() if p.suspended or p.verified_at is None}
    assert hidden, "the generated directory has some to hide"
    for region in REGIONS:
        for match in match_therapists(Preferences(region=region), limit=5000):
            assert match.therapist_id not in hidden


def test_in_person_without_a_place_is_refused():
    with pytest.raises(PreferencesError):
        Preferences(mode="in_person", region="")


def test_unknown_choices_are_refused():
    with pytest.raises(PreferencesError):
        Preferences.from_dict({"language": "en", "specialties": ["astrology"]})
    with pytest.raises(PreferencesError):
        Preferences.from_dict({"language": "xx"})
