"""Open a fresh room in the private database of the service tests; print what they need as JSON.

Run as `python -m tearspace.rooms.tests.services_setup` with DATABASE_URL pointing at the
migrated private PostgreSQL and the workers' SECRET_KEY, so the sessions are valid there. The
personas are created on the first run; every run opens a new room, so sequences start at 1.
"""

import json

import django


def main() -> None:
    django.setup()
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.test import Client

    from conftest import make_persona
    from tearspace.accounts.actions import do_create_token
    from tearspace.accounts.models import User
    from tearspace.rooms.actions import do_create_room, do_join_room
    from tearspace.rooms.models import Kind

    def persona(handle: str) -> User:
        return User.objects.filter(username=handle).first() or make_persona(handle)

    host = persona("hugo")
    Authenticator.objects.get_or_create(
        user=host, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "X"}}
    )
    room = do_create_room(host=host, title="Goodbye films", kind=Kind.OPEN, capacity=10)
    members = [persona(handle) for handle in ("alice", "bob", "charlie")]
    for member in members:
        do_join_room(room=room, user=member)

    def session(user: User) -> str:
        client = Client()
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        name = settings.SESSION_COOKIE_NAME
        return f"{name}={client.cookies[name].value}"

    _, token = do_create_token(user=members[0], name="service tests")
    cookies = {member.username: session(member) for member in members}
    print(json.dumps({"room": room.pk, "cookies": cookies, "token": token}))


if __name__ == "__main__":
    main()
