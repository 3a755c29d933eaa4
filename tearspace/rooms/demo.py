"""Demo content: an open-now room with two clips, hosted by a demo host who can log in.

The demo host's second factor is set up at seeding (a TOTP secret made on this machine, plus
single-use recovery codes), and `make run` prints how to use it, so a newcomer can try hosting.
The clips are made here with the bundled ffmpeg: nothing is downloaded.
"""

import logging
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import imageio_ffmpeg
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tearspace.accounts.models import Role, User
from tearspace.conversations.actions import do_join
from tearspace.conversations.models import Conversation
from tearspace.conversations.models import Kind as ConversationKind
from tearspace.core.demo import demo_language, in_demo_language
from tearspace.rooms.actions import do_add_clip
from tearspace.rooms.models import Kind, Membership, Room, Status

DEMO_HOST_HANDLE = "demo-host"
DEMO_HOST_PASSWORD = "hold-the-room-gently"  # noqa: S105 - a published demo login for local use only

# The demo room's words in each language Tearspace offers: title, theme, content notes, and
# the titles of its two clips (in the order of DEMO_CLIP_SOURCES).
DEMO_ROOM_TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "room_title": "A gentle evening cry",
        "theme": "Films about saying goodbye",
        "content_notes": "Loss of a parent; a pet's last day.",
        "clips": ["Rain at the window (1 minute)", "A slow, low hum to breathe with (1 minute)"],
    },
    "es": {
        "room_title": "Un llanto tranquilo al caer la tarde",
        "theme": "Películas sobre decir adiós",
        "content_notes": "La pérdida de un padre o una madre; el último día de una mascota.",
        "clips": [
            "Lluvia en la ventana (1 minuto)",
            "Un zumbido lento y grave para respirar a su ritmo (1 minuto)",
        ],
    },
    "fr": {
        "room_title": "Une douce soirée pour pleurer",
        "theme": "Des films sur les adieux",
        "content_notes": "La perte d'un parent\u00a0; le dernier jour d'un animal.",
        "clips": [
            "La pluie contre la vitre (1 minute)",
            "Un bourdonnement lent et grave pour respirer avec (1 minute)",
        ],
    },
    "de": {
        "room_title": "Ein sanfter Abend zum Weinen",
        "theme": "Filme übers Abschiednehmen",
        "content_notes": "Der Verlust eines Elternteils; der letzte Tag eines Haustiers.",
        "clips": [
            "Regen am Fenster (1 Minute)",
            "Ein langsames, tiefes Summen zum Mitatmen (1 Minute)",
        ],
    },
    "ja": {
        "room_title": "夕暮れにそっと泣く会",
        "theme": "さよならを描いた映画",
        "content_notes": "親を亡くすこと。ペットの最後の一日。",
        "clips": [
            "窓をたたく雨（1分）",  # noqa: RUF001 - Japanese brackets
            "呼吸を合わせる、ゆっくりした低い響き（1分）",  # noqa: RUF001 - Japanese brackets
        ],
    },
}
DEMO_ROOM_TITLE = DEMO_ROOM_TEXTS["en"]["room_title"]

# The ffmpeg sources of each demo clip (calm colour and soft sound, generated on this machine).
DEMO_CLIP_SOURCES = [
    ["-f", "lavfi", "-i", "color=c=0x2f4f6d:s=480x270:r=10:d=60",
     "-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.08:d=60"],
    ["-f", "lavfi", "-i", "color=c=0x6d4f2f:s=480x270:r=10:d=60",
     "-f", "lavfi", "-i", "sine=f=196:d=60,volume=0.25"],
]  # fmt: skip

logger = logging.getLogger(__name__)


def seed_demo_rooms(user: object) -> None:
    assert isinstance(user, User)
    host = demo_host()
    texts = in_demo_language(DEMO_ROOM_TEXTS)
    room = demo_room(host)
    if room is None:
        room = Room.objects.create(
            title=texts["room_title"],
            host=host,
            kind=Kind.OPEN,
            theme=texts["theme"],
            content_notes=texts["content_notes"],
            capacity=20,
            conversation=Conversation.objects.create(kind=ConversationKind.ROOM),
        )
        _seat(room, host)
    _seat(room, user)
    if not room.clips.exists():
        # The only slow step of `make run`, once: say so rather than sit silent.
        logger.info(
            "Making the demo room's %s one-minute clips (once; about a minute)",
            len(DEMO_CLIP_SOURCES),
        )
        for title, sources in zip(texts["clips"], DEMO_CLIP_SOURCES, strict=True):
            media = SimpleUploadedFile(f"{title[:20]}.webm", make_clip(sources), "video/webm")
            do_add_clip(actor=host, room=room, title=title, content_note="", media=media)


def demo_room(host: User) -> Room | None:
    """The demo room, in whichever language it was first written (a later run finds it)."""
    titles = [texts["room_title"] for texts in DEMO_ROOM_TEXTS.values()]
    return Room.objects.filter(host=host, title__in=titles).order_by("pk").first()


def demo_host() -> User:
    """The demo host, with a password and a second factor (hosts need one to host)."""
    host, created = get_user_model().objects.get_or_create(
        username=DEMO_HOST_HANDLE,
        defaults={"role": Role.HOST, "country": "US", "language": demo_language()},
    )
    assert isinstance(host, User)
    if created or not host.has_usable_password():
        host.set_password(DEMO_HOST_PASSWORD)
        host.save(update_fields=["password"])
    if not Authenticator.objects.filter(user=host, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(host, generate_totp_secret())
        RecoveryCodes.activate(host)
    return host


def make_clip(sources: list[str]) -> bytes:
    """Encode a short WebM (VP8 video, Opus sound) from ffmpeg's own generated sources."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "clip.webm"
        subprocess.run(  # noqa: S603 - the bundled ffmpeg, fixed arguments
            [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
             *sources, "-shortest", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
             "-b:v", "200k", "-c:a", "libopus", "-b:a", "48k", str(target)],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return target.read_bytes()


def demo_host_lines() -> list[str]:
    """How to log in as the demo host, for `make run` to print; nothing before it is seeded."""
    host = User.objects.filter(username=DEMO_HOST_HANDLE).first()
    totp = Authenticator.objects.filter(user=host, type=Authenticator.Type.TOTP).first()
    room = demo_room(host) if host is not None else None
    if host is None or totp is None or room is None:
        return []
    secret = get_mfa_adapter().decrypt(totp.data["secret"])
    codes = Authenticator.objects.filter(user=host, type=Authenticator.Type.RECOVERY_CODES).first()
    unused = RecoveryCodes(codes).get_unused_codes() if codes else []
    lines = [
        f"Demo host:   handle '{DEMO_HOST_HANDLE}', password '{DEMO_HOST_PASSWORD}'",
        f"  Second step: add this key to an authenticator app: {secret}",
    ]
    if unused:
        lines.append(
            f"  or, without an app, use a single-use recovery code: {', '.join(unused[:3])}"
        )
    lines.append(f"  Then open the room \u201c{room.title}\u201d under Rooms and host it.")
    return lines


def _seat(room: Room, user: User) -> None:
    """Put `user` in the demo room, reading its chat from now on."""
    _, created = Membership.objects.get_or_create(
        room=room, user=user, defaults={"status": Status.JOINED}
    )
    if created:
        do_join(conversation_id=room.conversation_id, user=user)
