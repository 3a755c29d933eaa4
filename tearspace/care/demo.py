"""Demo therapists: a few verified, clearly fictional profiles, so /care/ has matches."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tearspace.accounts.models import Role, User
from tearspace.care.actions import do_answer_request, do_request_care, do_submit_intake
from tearspace.care.matching import Preferences
from tearspace.care.models import CareRequest, TherapistProfile, joined_keys

DEMO_THERAPISTS: list[dict[str, Any]] = [
    {
        "handle": "demo_therapist_ana",
        "display_name": "Ana Example (fictional demo therapist)",
        "licence_type": "LCSW (demo)",
        "licence_number": "DEMO-001",
        "region": "US-NY",
        "gender": "woman",
        "specialties": ["grief", "anxiety"],
        "approaches": ["person_centred", "act"],
        "languages": ["en", "es"],
        "insurers": ["aetna", "cigna"],
        "sliding_scale": True,
        "availability": ["mon_evening", "wed_evening", "sat_morning"],
        "note": "A made-up profile for trying Tearspace. Not a real person.",
    },
    {
        "handle": "demo_therapist_ben",
        "display_name": "Ben Example (fictional demo therapist)",
        "licence_type": "PsyD (demo)",
        "licence_number": "DEMO-002",
        "region": "US-NY",
        "gender": "man",
        "specialties": ["depression", "trauma"],
        "approaches": ["cbt", "emdr"],
        "languages": ["en"],
        "insurers": ["aetna"],
        "sliding_scale": False,
        "availability": ["tue_afternoon", "thu_evening"],
        "in_person": True,
        "location": "Brooklyn (demo)",
        "note": "A made-up profile for trying Tearspace. Not a real person.",
    },
    {
        "handle": "demo_therapist_chloe",
        "display_name": "Chloé Example (fictional demo therapist)",
        "licence_type": "HCPC (demo)",
        "licence_number": "DEMO-003",
        "region": "GB",
        "gender": "nonbinary",
        "specialties": ["grief", "relationships", "stress"],
        "approaches": ["mindfulness", "person_centred"],
        "languages": ["en", "fr"],
        "insurers": [],
        "sliding_scale": True,
        "availability": ["mon_morning", "fri_afternoon"],
        "note": "A made-up profile for trying Tearspace. Not a real person.",
    },
]


def seed_demo_therapists(_demo_user: object) -> None:
    """Create the demo therapists once (idempotent); they can't log in (no password).

    A demo person of their own ("demo-care", who cannot log in) makes a few requests, so the
    operator's dashboard has figures: one answered yes in 5 hours, one declined late (50 hours),
    one waiting for 41 hours (at risk). The demo member's own care page starts empty.
    """
    now = timezone.now()
    for spec in DEMO_THERAPISTS:
        user, created = User.objects.get_or_create(
            username=spec["handle"], defaults={"role": Role.THERAPIST}
        )
        if created:
            user.set_unusable_password()
            user.save()
        TherapistProfile.objects.get_or_create(
            user=user,
            defaults={
                "display_name": spec["display_name"],
                "licence_type": spec["licence_type"],
                "licence_number": spec["licence_number"],
                "region": spec["region"],
                "gender": spec["gender"],
                "specialties": joined_keys(spec["specialties"]),
                "approaches": joined_keys(spec["approaches"]),
                "languages": joined_keys(spec["languages"]),
                "insurers": joined_keys(spec["insurers"]),
                "sliding_scale": spec["sliding_scale"],
                "availability": joined_keys(spec["availability"]),
                "online": True,
                "in_person": spec.get("in_person", False),
                "location": spec.get("location", ""),
                "note": spec["note"],
                "verified_at": now,
            },
        )
    person, created = User.objects.get_or_create(username="demo-care")
    if created:
        person.set_unusable_password()
        person.save()
    _seed_demo_requests(person)


def _seed_demo_requests(person: User) -> None:
    if CareRequest.objects.filter(person=person).exists():
        return
    prefs = Preferences(language="en", mode="online", specialties=("grief",), sliding_scale_ok=True)
    intake = do_submit_intake(person=person, what_brings="", prefs=prefs).intake
    profiles = {p.user.username: p for p in TherapistProfile.objects.select_related("user")}
    now = timezone.now()
    plan = [
        ("demo_therapist_ana", now - timedelta(days=6), True, timedelta(hours=5)),
        ("demo_therapist_ben", now - timedelta(days=4), False, timedelta(hours=50)),
        ("demo_therapist_chloe", now - timedelta(hours=41), None, None),
    ]
    for handle, asked_at, accept, took in plan:
        care = do_request_care(
            person=person, therapist_id=profiles[handle].pk, intake=intake, now=asked_at
        )
        if accept is not None and took is not None:
            note = "Welcome. I'm glad you wrote." if accept else "I'm full just now, sorry."
            do_answer_request(request=care, accept=accept, note=note, now=asked_at + took)
