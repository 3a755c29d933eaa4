"""Demo therapists: a few verified, clearly fictional profiles, so /care/ has matches."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tearspace.accounts.models import Role, User
from tearspace.care.actions import do_answer_request, do_request_care, do_submit_intake
from tearspace.care.matching import Preferences
from tearspace.care.models import LANGUAGES as CARE_LANGUAGES
from tearspace.care.models import CareRequest, TherapistProfile, joined_keys
from tearspace.core.demo import demo_language, in_demo_language

DEMO_THERAPISTS: list[dict[str, Any]] = [
    {
        "handle": "demo_therapist_ana",
        "name": "Ana Example",
        "licence": "LCSW",
        "licence_number": "DEMO-001",
        "region": "US-NY",
        "gender": "woman",
        "specialties": ["grief", "anxiety"],
        "approaches": ["person_centred", "act"],
        "languages": ["en", "es"],
        "insurers": ["aetna", "cigna"],
        "sliding_scale": True,
        "availability": ["mon_evening", "wed_evening", "sat_morning"],
    },
    {
        "handle": "demo_therapist_ben",
        "name": "Ben Example",
        "licence": "PsyD",
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
        "location": "Brooklyn",
    },
    {
        "handle": "demo_therapist_chloe",
        "name": "Chloé Example",
        "licence": "HCPC",
        "licence_number": "DEMO-003",
        "region": "GB",
        "gender": "nonbinary",
        "specialties": ["grief", "relationships", "stress"],
        "approaches": ["mindfulness", "person_centred"],
        "languages": ["en", "fr"],
        "insurers": [],
        "sliding_scale": True,
        "availability": ["mon_morning", "fri_afternoon"],
    },
]


# The demo profiles' words in each language Tearspace offers: what marks each as made up
# ("fictional", "demo"), the profile note, and the therapists' answers to a request.
DEMO_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "fictional": "fictional demo therapist",
        "demo": "demo",
        "note": "A made-up profile for trying Tearspace. Not a real person.",
        "accept": "Welcome. I'm glad you wrote.",
        "decline": "I'm full just now, sorry.",
    },
    "es": {
        "fictional": "terapeuta de ficción para la demo",
        "demo": "demo",
        "note": "Un perfil inventado para probar Tearspace. No es una persona real.",
        "accept": "Hola. Me alegra que me hayas escrito.",
        "decline": "Lo siento, ahora mismo no tengo plazas libres.",
    },
    "fr": {
        "fictional": "thérapeute fictif pour la démo",
        "demo": "démo",
        "note": "Un profil inventé pour essayer Tearspace. Ce n'est pas une vraie personne.",
        "accept": "Bienvenue. Merci de m'avoir écrit.",
        "decline": "Je suis complet en ce moment, désolé.",
    },
    "de": {
        "fictional": "fiktives Demo-Profil",
        "demo": "Demo",
        "note": "Ein erfundenes Profil zum Ausprobieren von Tearspace. Keine echte Person.",
        "accept": "Willkommen. Schön, dass wir in Kontakt sind.",
        "decline": "Es tut mir leid, ich habe gerade keinen freien Platz.",
    },
    "ja": {
        "fictional": "架空のデモ用セラピスト",
        "demo": "デモ",
        "note": "Tearspaceを試すための架空のプロフィールです。実在の人物ではありません。",
        "accept": "ようこそ。ご連絡いただけてうれしいです。",
        "decline": "申し訳ありません。今は新しい方をお受けできない状況です。",
    },
}


def seed_demo_therapists(_demo_user: object) -> None:
    """Create the demo therapists once (idempotent); they can't log in (no password).

    A demo person of their own ("demo-care", who cannot log in) makes a few requests, so the
    operator's dashboard has figures: one answered yes in 5 hours, one declined late (50 hours),
    one waiting for 41 hours (at risk). The demo member's own care page starts empty.
    """
    now = timezone.now()
    language, texts = demo_language(), in_demo_language(DEMO_TEXTS)
    for spec in DEMO_THERAPISTS:
        user, created = User.objects.get_or_create(
            username=spec["handle"], defaults={"role": Role.THERAPIST, "language": language}
        )
        if created:
            user.set_unusable_password()
            user.save()
        TherapistProfile.objects.get_or_create(
            user=user,
            defaults={
                "display_name": f"{spec['name']} ({texts['fictional']})",
                "licence_type": f"{spec['licence']} ({texts['demo']})",
                "licence_number": spec["licence_number"],
                "region": spec["region"],
                "gender": spec["gender"],
                "specialties": joined_keys(spec["specialties"]),
                "approaches": joined_keys(spec["approaches"]),
                "languages": joined_keys(_speaking(spec["languages"], language)),
                "insurers": joined_keys(spec["insurers"]),
                "sliding_scale": spec["sliding_scale"],
                "availability": joined_keys(spec["availability"]),
                "online": True,
                "in_person": spec.get("in_person", False),
                "location": f"{spec['location']} ({texts['demo']})" if "location" in spec else "",
                "note": texts["note"],
                "verified_at": now,
            },
        )
    person, created = User.objects.get_or_create(
        username="demo-care", defaults={"language": language}
    )
    if created:
        person.set_unusable_password()
        person.save()
    _seed_demo_requests(person)


def _speaking(languages: list[str], demo: str) -> list[str]:
    """The demo therapists also speak the demo's language where care offers it, so a person
    trying the demo in that language finds matches."""
    return languages if demo in languages or demo not in CARE_LANGUAGES else [*languages, demo]


def _seed_demo_requests(person: User) -> None:
    if CareRequest.objects.filter(person=person).exists():
        return
    prefs = Preferences(language="en", mode="online", specialties=("grief",), sliding_scale_ok=True)
    intake = do_submit_intake(person=person, what_brings="", prefs=prefs).intake
    profiles = {p.user.username: p for p in TherapistProfile.objects.select_related("user")}
    now = timezone.now()
    texts = in_demo_language(DEMO_TEXTS)
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
            note = texts["accept"] if accept else texts["decline"]
            do_answer_request(request=care, accept=accept, note=note, now=asked_at + took)
