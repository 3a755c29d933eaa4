"""A generated directory of therapists, for the matching tests and benchmarks/care.py."""

import random

from django.utils import timezone

from tearspace.accounts.models import Role, User
from tearspace.care.models import (
    APPROACHES,
    LANGUAGES,
    SLOTS,
    SPECIALTIES,
    Gender,
    TherapistProfile,
    joined_keys,
)

REGIONS = ("US-NY", "US-CA", "US-TX", "GB", "CA-ON", "AU-NSW")
INSURERS = ("aetna", "cigna", "blue-shield", "kaiser", "nhs", "medicare")
CITIES = {"US-NY": "Brooklyn", "US-CA": "Oakland", "US-TX": "Austin", "GB": "Leeds"}


def generate_directory(count: int, *, seed: int = 7, prefix: str = "gen") -> list[TherapistProfile]:
    """Create `count` fictional therapists (users and profiles) in bulk; most are listed."""
    rng = random.Random(seed)
    users = User.objects.bulk_create(
        User(username=f"{prefix}{i}", handle_key=f"{prefix}{i}", role=Role.THERAPIST)
        for i in range(count)
    )
    now = timezone.now()
    profiles = []
    for i, user in enumerate(users):
        region = rng.choice(REGIONS)
        in_person = rng.random() < 0.5
        profiles.append(
            TherapistProfile(
                user=user,
                display_name=f"Therapist {prefix} {i:05d}",
                licence_type=rng.choice(["LCSW", "PsyD", "LPC", "HCPC"]),
                licence_number=f"L-{i:06d}",
                region=region,
                gender=rng.choice([*Gender.values, ""]),
                specialties=joined_keys(rng.sample(list(SPECIALTIES), rng.randint(1, 4))),
                approaches=joined_keys(rng.sample(list(APPROACHES), rng.randint(1, 3))),
                languages=joined_keys(["en", *rng.sample(list(LANGUAGES), rng.randint(0, 2))]),
                online=(not in_person) or rng.random() < 0.7,
                in_person=in_person,
                location=CITIES.get(region, "the city centre") if in_person else "",
                insurers=joined_keys(rng.sample(INSURERS, rng.randint(0, 3))),
                sliding_scale=rng.random() < 0.4,
                availability=joined_keys(rng.sample(SLOTS, rng.randint(2, 10))),
                verified_at=None if rng.random() < 0.05 else now,
                suspended=rng.random() < 0.03,
            )
        )
    return TherapistProfile.objects.bulk_create(profiles, batch_size=1000)
