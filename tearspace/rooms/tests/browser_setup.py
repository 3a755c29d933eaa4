"""Prepare a file database for the browser room tests; print what the tests need as JSON.

Run as `python -m tearspace.rooms.tests.browser_setup` with DATA_DIR pointing at an empty
directory (the live server and this script share that database).
"""

import json
import subprocess
import sys

import django


def main() -> None:
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], check=True)
    django.setup()
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.base import ContentFile

    from tearspace.accounts.models import Role, User
    from tearspace.rooms.actions import do_create_room, do_join_room
    from tearspace.rooms.models import RoomClip

    host = User.objects.create(username="hugo", role=Role.HOST)
    Authenticator.objects.create(user=host, type=Authenticator.Type.TOTP, data={"secret": "X"})
    member = User.objects.create(username="alice")
    member2 = User.objects.create(username="bob")
    room = do_create_room(host=host, title="Two browsers", kind="open")
    do_join_room(room=room, user=member)
    do_join_room(room=room, user=member2)
    clip = RoomClip(room=room, title="A quiet tone", order=0)
    clip.media.save("tone.webm", ContentFile(_tone()))

    def session(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return str(store.session_key)

    sessions = {"host": session(host), "member": session(member), "member2": session(member2)}
    print(json.dumps({"room": room.pk, **sessions}))


def _tone() -> bytes:
    """Ten seconds of a tone over a blue picture as WebM (the room test reads positions at ~2.5 s;
    each further second of VP8 costs CPU in every worker that prepares the browser tests)."""
    import tempfile

    import imageio_ffmpeg

    with tempfile.NamedTemporaryFile(suffix=".webm") as out:
        subprocess.run(  # noqa: S603 - the bundled ffmpeg, fixed arguments
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                "-y",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:duration=10",
                "-f",
                "lavfi",
                "-i",
                "color=c=blue:s=160x120:d=10",
                "-shortest",
                "-c:v",
                "libvpx",
                "-c:a",
                "libvorbis",
                out.name,
            ],
            check=True,
            capture_output=True,
        )
        return out.read()


if __name__ == "__main__":
    main()
