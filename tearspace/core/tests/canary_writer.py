"""Write a unique canary into every text field of every API input, and upload a clip.

Run inside a fresh embedded-mode process (see test_canaries.py): the fields come from the
OpenAPI schema, not from a hand list, so a new input is covered (or fails) without anyone
remembering it. Prints one JSON line: each canary with where it went and the answer's status.
"""

import copy
import json
import struct
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tearspace.core.tests.clips import make_clip

# A valid request body for every input schema that has text in it: each canary replaces one
# field of it, so that field alone decides whether the request is taken.
VALID: dict[str, dict[str, Any]] = {
    "MeIn": {},
    "TokenIn": {"name": "laptop"},
    "SelfCheckIn": {"kind": "phq9", "answers": [1, 1, 1, 1, 1, 1, 1, 1, 1]},
    "CaseActionIn": {"action": "reach_out", "message": "We're here for you."},
    "ScreenIn": {"text": "a hard day"},
    "SanctionIn": {"action": "warn", "reason": "Please be kind."},
    "ReasonIn": {"reason": "Lifted after a talk."},
    "AppealDecisionIn": {"overturn": False, "reply": "We looked again."},
    "AppealIn": {"words": "I meant it kindly."},
    "EntryIn": {"notes": "a cry"},
    "EntryPatch": {},
    "MontageIn": {"start": "2020-01-01", "end": "2030-01-01"},
    "CircleIn": {"name": "friends"},
    "InviteIn": {"handle": "charlie"},
    "ShareIn": {"entry": 0, "circles": [0]},  # ids filled in by `_body`
    "ReplyIn": {"body": "Thinking of you.", "send_anyway": True},
    "ReactionIn": {"kind": "here"},
    "ShareReportIn": {"reason": "unkind", "details": "It felt harsh."},
    "ChatReportIn": {"reason": "unkind", "details": "It felt harsh."},
    "InvitationAnswerIn": {"accept": True},
    "IntakeIn": {"what_brings": "a hard year", "language": "en", "mode": "either"},
    "CareAnswerIn": {"accept": True, "note": "Glad to meet you."},
    "CareMessageIn": {"body": "hello"},
    "SupportRequestIn": {"first_line": "a heavy day"},
    "KindNoteIn": {"body": "thank you for listening"},
    "BlockIn": {"handle": "charlie"},
    "RoomIn": {"title": "Evening cry", "kind": "open"},
    "MessageIn": {"body": "hello"},
    "ControlIn": {"action": "phase", "phase": "sharing"},
    "FeelingIn": {"feeling": "lighter now", "relief": "lighter"},
}
# Operations that would end the run rather than store anything.
SKIPPED = {("post", "/api/v1/me/delete"): "deletes the account that writes the canaries"}

# Where each page form with text in it is posted, by whom (None: signed out), with valid data.
FORMS: dict[str, tuple[str | None, str, dict[str, Any]]] = {
    "SignupForm": (
        None,
        "/accounts/signup/",
        {"password1": "a-long-pass-123", "password2": "a-long-pass-123", "time_zone": "UTC"},
    ),
    "LoginForm": (None, "/accounts/login/", {"login": "alice", "password": "wrong-password"}),
    "SettingsForm": ("alice", "/settings/", {"language": "en", "theme": "system"}),
    "TokenForm": ("alice", "/settings/tokens/", {"name": "laptop"}),
    "EntryForm": ("alice", "/journal/new/", {"notes": "a cry"}),
    "ReflectionForm": ("alice", "/journal/{entry_id}/reflect/", {}),
    "RoomForm": (
        "hugo",
        "/rooms/new/",
        {
            "title": "Evening",
            "kind": "open",
            "language": "en",
            "length_minutes": 60,
            "capacity": 10,
        },
    ),
    "FeelingForm": ("alice", "/rooms/{room_id}/after/", {"relief": "lighter"}),
    "MindForm": ("alice", "/help/mind/", {}),
    "AppealForm": ("bob", "/help/standing/{sanction_id}/appeal/", {}),
    "CaseActionForm": ("mona", "/moderation/report/{case_id}/act/", {"action": "reach_out"}),
    "SanctionForm": ("mona", "/moderation/report/{case_id}/sanction/", {"action": "warn"}),
    "LiftForm": ("mona", "/moderation/sanctions/{sanction_id}/lift/", {}),
    "AppealDecisionForm": (
        "mona",
        "/moderation/appeals/{appeal_id}/decide/",
        {"decision": "uphold"},
    ),
    "ReportForm": ("bob", "/circles/shares/{share_id}/report/", {"reason": "unkind"}),
    "IntakeForm": ("alice", "/care/intake/", {"language": "en", "mode": "either"}),
    "AnswerForm": ("theo", "/care/requests/{request_id}/answer/", {"answer": "accept"}),
    "ProfileForm": (
        "theo",
        "/care/profile/",
        {
            "display_name": "Theo Example",
            "licence_type": "LCSW",
            "licence_number": "NY-1",
            "region": "US-NY",
            "languages": ["en"],
            "online": "on",
        },
    ),
}
SKIPPED_FORMS = {
    "DeleteAccountForm": "deletes the account that writes the canaries",
    "ClipForm": "a programme item's title and note, seen by the room (and it needs a file)",
}


def _world() -> dict[str, Any]:
    """alice (member) shares with bob; hugo hosts a room; mona moderates bob's reply."""
    from allauth.mfa.models import Authenticator

    from tearspace.accounts.models import Role, User
    from tearspace.care.actions import do_answer_request, do_request_care
    from tearspace.care.models import TherapistProfile, joined_keys
    from tearspace.circles.actions import do_add_member, do_create_named_circle, do_share_entry
    from tearspace.circles.models import Reply
    from tearspace.journal.actions import do_log_entry
    from tearspace.rooms.actions import do_create_room, do_join_room, do_send_message
    from tearspace.rooms.models import Kind
    from tearspace.safety.actions import do_appeal, do_report, do_warn
    from tearspace.support.actions import do_end_chat, do_request_support
    from tearspace.support.models import ListenerProfile, Match

    def person(handle: str, role: str = Role.MEMBER) -> User:
        user = User.objects.create_user(username=handle, password="a-long-pass-123", role=role)
        if role != Role.MEMBER:
            Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"s": 1})
        return user

    alice, bob, charlie = person("alice"), person("bob"), person("charlie")
    User.objects.filter(pk=alice.pk).update(age_band="adult")  # asked before support matches
    hugo, mona = person("hugo", Role.HOST), person("mona", Role.MODERATOR)
    circle = do_create_named_circle(owner=alice, name="close")
    do_add_member(circle=circle, person=bob)
    entry = do_log_entry(owner=alice, fields={"notes": "x"}, tag_names=()).entry
    share = do_share_entry(author=alice, entry=entry, circles=[circle], community=False).share
    reply = Reply.objects.create(share=share, author=bob, body="there there")
    room = do_create_room(host=hugo, title="room", kind=Kind.OPEN)
    for member in (alice, bob):
        do_join_room(room=room, user=member)
    message, _ = do_send_message(room_id=room.pk, author=bob, body="hi all")
    theo = person("theo", Role.THERAPIST)
    listed = TherapistProfile.objects.create(
        user=theo,
        display_name="Theo Example",
        licence_type="LCSW",
        licence_number="NY-1",
        region="US-NY",
        languages=joined_keys(["en"]),
        online=True,
        verified_at=timezone.now(),
    )
    asked = {
        who: do_request_care(person=who, therapist_id=listed.pk, intake=None)
        for who in (alice, bob, charlie)
    }
    do_answer_request(request=asked[bob], accept=True, note="")
    # charlie had a listener chat with lena, now ended: alice's own request stays to be made.
    lena = person("lena")
    User.objects.filter(pk__in=[charlie.pk, lena.pk]).update(age_band="adult")
    charlie.refresh_from_db()
    ListenerProfile.objects.create(
        user=lena,
        conduct_accepted_at=timezone.now(),
        orientation_completed_at=timezone.now(),
        available=True,
    )
    chat = Match.objects.get(request=do_request_support(seeker=charlie, first_line="hi")[0])
    do_end_chat(match=chat, by=charlie)
    ids = {
        "entry_id": entry.pk,
        "share_id": share.pk,
        "circle_id": circle.pk,
        "room_id": room.pk,
        "message_id": message.pk,
        "person_id": alice.pk,  # alice writes to the room's host privately (a check-in)
        "kind": "report",
        "reply_id": reply.pk,
        "care_talking_id": asked[bob].pk,  # accepted: its messages are open
        "match_id": chat.pk,  # ended: its after-chat steps are open to its seeker, charlie
    }
    # The API and the pages each get their own report, appeal and sanctions to act on, since
    # acting once (an appeal, a lift) closes the way for a second time.
    by_interface = {}
    for interface in ("api", "page"):
        warnings = [do_warn(moderator=mona, person=bob, reason="be kind") for _ in range(3)]
        report = do_report(reporter=alice, reason="unkind", obj=reply, subject=bob, snapshot="x")
        by_interface[interface] = ids | {
            "case_id": report.pk,
            "appeal_id": do_appeal(person=bob, sanction=warnings[1], words="please").pk,
            "appeal_sanction_id": warnings[0].pk,
            "sanction_id": warnings[2].pk,
            "request_id": asked[alice if interface == "api" else charlie].pk,  # still to answer
        }
    return {
        "users": {
            "alice": alice,
            "bob": bob,
            "hugo": hugo,
            "mona": mona,
            "charlie": charlie,
            "theo": theo,
            "lena": lena,
        },
        "ids": by_interface,
    }


def _who(method: str, path: str) -> str:
    if path.startswith("/api/v1/safety/moderation"):
        return "mona"
    if path.startswith("/api/v1/safety/standing"):
        return "bob"
    if (method, path) == ("post", "/api/v1/rooms") or path.endswith("/controls"):
        return "hugo"
    if path.startswith("/api/v1/care/requests/"):
        return "theo"  # answers a request, and writes in the accepted one
    if path.startswith("/api/v1/support/chats/"):
        return "charlie"  # the seeker of the ended chat
    return "alice"


class _Ids(dict[str, object]):
    def __missing__(self, key: str) -> object:
        return 999999  # nothing of that kind exists in this world (a small chat): a 404


def _url(path: str, world: dict[str, Any]) -> str:
    ids = _Ids(world["ids"]["api" if path.startswith("/api/") else "page"])
    if "/standing/" in path:  # an appeal needs a sanction without one yet
        ids["sanction_id"] = ids["appeal_sanction_id"]
    if path.startswith("/api/v1/care/requests/") and path.endswith("/messages"):
        ids["request_id"] = ids["care_talking_id"]
    return path.format_map(ids)


def _text_fields(schema: dict[str, Any]) -> dict[str, bool]:
    """Map each free-text property to whether it holds a list of texts (dates excluded)."""
    found = {}
    for name, prop in schema.get("properties", {}).items():
        for option in prop.get("anyOf", [prop]):
            if option.get("type") == "string" and "format" not in option and "enum" not in option:
                found[name] = False
            items = option.get("items", {})
            if option.get("type") == "array" and items.get("type") == "string":
                found[name] = True
    return found


def text_inputs(spec: dict[str, Any]) -> list[tuple[str, str, str, str, bool]]:
    """List (method, path, schema, field, is_list) for every text field of every JSON input."""
    components = spec["components"]["schemas"]
    inputs = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
            if not ref or (method, path) in SKIPPED:
                continue
            name = ref.rsplit("/", 1)[-1]
            for field, is_list in _text_fields(components[name]).items():
                inputs.append((method, path, name, field, is_list))
    return inputs


def form_inputs() -> list[tuple[str, str, bool]]:
    """List (form, field, is_email) for every text field of every page form in Tearspace."""
    import importlib
    import inspect

    from django import forms
    from django.apps import apps

    inputs = []
    for app in apps.get_app_configs():
        if not app.name.startswith("tearspace."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            if name in SKIPPED_FORMS:
                continue
            for field_name, field in getattr(form, "base_fields", {}).items():
                # Hidden fields (a client key, the device's time zone) are filled by the page,
                # never typed by the person.
                if isinstance(field.widget, forms.HiddenInput):
                    continue
                if isinstance(field, forms.CharField):
                    inputs.append((name, field_name, isinstance(field, forms.EmailField)))
    return inputs


def padded_clip(filler: bytes) -> bytes:
    """A tagged MP4 over 2.5 MiB (so the upload is spooled to disk), padded with a free box."""
    clip = make_clip("mp4", tagged=True)
    padding = filler * (3 * 1024 * 1024 // len(filler))
    return clip + struct.pack(">I4s", 8 + len(padding), b"free") + padding


def main(clip_filler: str) -> None:
    from config.api import api

    call_command("migrate", verbosity=0)
    world = _world()
    spec = api.get_openapi_schema()
    clients = {}
    for handle, user in world["users"].items():
        clients[handle] = Client(SERVER_NAME="localhost")
        clients[handle].force_login(user)
    written = []
    for number, (method, path, schema, field, is_list) in enumerate(text_inputs(spec)):
        canary = f"cnry{number:04d}zq"
        body = copy.deepcopy(VALID[schema])
        if schema == "ShareIn":
            ids = world["ids"]["api"]
            body.update(entry=ids["entry_id"], circles=[ids["circle_id"]])
        if (
            schema == "ShareReportIn"
        ):  # the circles' report names what it is about (rooms ignore it)
            body.update(reply=world["ids"]["api"]["reply_id"])
        if schema == "MontageIn":
            body.update(start=str(timezone.localdate() - timedelta(days=9)))
        body[field] = [canary] if is_list else canary
        client = clients[_who(method, path)]
        send = getattr(client, method)
        answer = send(_url(path, world), json.dumps(body), content_type="application/json")
        written.append(
            {"canary": canary, "input": f"{schema}.{field}", "route": f"{method.upper()} {path}"}
            | {"status": answer.status_code}
        )
    for number, (form, field, is_email) in enumerate(form_inputs(), start=len(written)):
        canary = f"cnry{number:04d}zq"
        who, path, valid = FORMS[form]
        data = dict(valid)
        if form == "SignupForm":
            data.update(username=f"newcomer{number}", email=f"newcomer{number}@example.org")
        data[field] = f"{canary}@example.org" if is_email else canary
        client = Client(SERVER_NAME="localhost")
        if who is not None:
            client.force_login(world["users"][who])
        answer = client.post(_url(path, world), data)
        written.append({"canary": canary, "input": f"{form}.{field}", "status": answer.status_code})
    clip = padded_clip(clip_filler.encode())
    upload = SimpleUploadedFile("home.mp4", clip, content_type="video/mp4")
    entry_id = world["ids"]["api"]["entry_id"]
    answer = clients["alice"].post(f"/api/v1/journal/entries/{entry_id}/clip", {"file": upload})
    written.append({"canary": clip_filler, "input": "clip", "status": answer.status_code})
    print(json.dumps(written))
