"""Prepare a file database for the support browser test; print what it needs as JSON.

Run as `python -m tearspace.support.tests.browser_setup` with DATA_DIR pointing at an empty
directory (the live server and this script share that database).
"""

import json
import subprocess
import sys

import django


def main() -> None:
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], check=True)
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from tearspace.accounts.models import AgeBand, Role, User
    from tearspace.support.models import ListenerProfile

    seeker = User.objects.create(username="alice", age_band=AgeBand.ADULT)
    # Two more seekers for the small-group test.
    bob = User.objects.create(username="bob", age_band=AgeBand.ADULT)
    charlie = User.objects.create(username="charlie", age_band=AgeBand.ADULT)
    listener = User.objects.create(username="lena", role=Role.LISTENER, age_band=AgeBand.ADULT)
    # A second listener, away until the hand-over test asks for them.
    milo = User.objects.create(username="milo", role=Role.LISTENER, age_band=AgeBand.ADULT)
    now = timezone.now()
    for person in (listener, milo):
        ListenerProfile.objects.create(
            user=person, conduct_accepted_at=now, orientation_completed_at=now, available=False
        )

    def session(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return str(store.session_key)

    sessions = {"seeker": seeker, "listener": listener, "bob": bob, "charlie": charlie}
    sessions["milo"] = milo
    print(json.dumps({name: session(user) for name, user in sessions.items()}))


if __name__ == "__main__":
    main()
