"""The canary scan: what people write or record is nowhere in plaintext unless others see it.

A fresh embedded-mode process writes a unique canary into every text field of every API input
and every page form (enumerated from the OpenAPI schema and the apps' forms modules by
canary_writer.py), a wrong password into the login form, and uploads a clip carrying location,
device and title tags; then the database file, its WAL, media, the outbox, the temp folders and
the process's own log output are scanned for every canary.
"""

import json
import os
import time
from pathlib import Path

from tearspace.core.tests.canary_writer import FORMS, VALID, form_inputs, text_inputs
from tearspace.core.tests.clips import REVEALING_TAGS
from tearspace.core.tests.fresh import run_fresh

CLIP_FILLER = "cnryclipbytes"

# Inputs whose words other people see (so they may be stored as they are) or that are not words.
MAY_BE_PLAIN = {
    "MeIn.handle": "the handle others see",
    "CircleIn.name": "seen by the circle's members",
    "ReplyIn.body": "seen by the share's audience",
    "RoomIn.title": "seen by everyone who may join",
    "RoomIn.theme": "seen by everyone who may join",
    "RoomIn.content_notes": "seen by everyone who may join",
    "RoomIn.language": "seen by everyone who may join",
    "MessageIn.key": "the client's idempotency key, not words",
    "TokenIn.name": "a label for a token, not words",
    "TokenForm.name": "a label for a token, not words",
    "SignupForm.username": "the handle others see",
    "SettingsForm.username": "the handle others see",
    "SignupForm.email": "looked up to sign in and recover the account",
    "RoomForm.title": "seen by everyone who may join",
    "RoomForm.theme": "seen by everyone who may join",
    "RoomForm.content_notes": "seen by everyone who may join",
    "InvitationAnswerIn.token": "an invitation's token, not words",
    **{
        f"ProfileForm.{field}": "a therapist's directory card, which every member may read"
        for field in (
            "display_name",
            "licence_type",
            "licence_number",
            "region",
            "location",
            "insurers",
            "note",
        )
    },
}
# Private inputs that must really have been stored, so the scan cannot pass by writing nothing.
MUST_BE_STORED = {
    "EntryIn.notes",
    "EntryIn.trigger",
    "EntryIn.emotion_words",
    "EntryIn.tags",
    "EntryPatch.notes",
    "FeelingIn.feeling",
    "AppealIn.words",
    "AppealDecisionIn.reply",
    "SanctionIn.reason",
    "ReasonIn.reason",
    "CaseActionIn.message",
    "ShareReportIn.details",
    "ChatReportIn.details",
    "IntakeIn.what_brings",
    "IntakeIn.region",
    "CareAnswerIn.note",
    "CareMessageIn.body",
    "MessageIn.body",
    "SupportRequestIn.first_line",
    "KindNoteIn.body",
    "IntakeForm.what_brings",
    "AnswerForm.note",
    "ScreenIn.text",
    "EntryForm.notes",
    "EntryForm.trigger",
    "EntryForm.tags",
    "ReflectionForm.share_with",
    "FeelingForm.feeling",
    "MindForm.text",
    "AppealForm.words",
    "AppealDecisionForm.reply",
    "SanctionForm.reason",
    "LiftForm.reason",
    "CaseActionForm.message",
    "ReportForm.details",
    "LoginForm.password",
}


def _files(root: Path, since: float = 0.0) -> dict[str, bytes]:
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            try:
                info = path.stat()
                if path.is_file() and info.st_mtime >= since and info.st_size < 64 * 1024 * 1024:
                    found[str(path)] = path.read_bytes()
            except OSError:
                continue
    return found


def test_every_input_and_page_form_with_text_has_a_valid_example():
    from config.api import api

    schemas = {schema for _, _, schema, _, _ in text_inputs(api.get_openapi_schema())}
    assert sorted(schemas - set(VALID)) == []
    assert sorted({form for form, _, _ in form_inputs()} - set(FORMS)) == []


def test_nothing_a_person_wrote_or_recorded_lies_in_plaintext_where_it_should_not(tmp_path):
    started = time.time() - 1
    data_dir = tmp_path / "data"
    result = run_fresh(
        data_dir,
        f"from tearspace.core.tests.canary_writer import main; main({CLIP_FILLER!r})",
        migrated=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    *log_lines, report = result.stdout.strip().splitlines()
    written = json.loads(report)
    places = _files(data_dir)
    places["the server's output"] = ("\n".join(log_lines) + result.stderr).encode()
    places.update(_files(Path("/tmp"), since=started))

    def seen(text: str) -> list[str]:
        return sorted(where for where, data in places.items() if text.encode() in data)

    stored = {w["input"] for w in written if 200 <= w["status"] < 400}
    assert sorted(MUST_BE_STORED - stored) == []
    leaks = {
        w["input"]: seen(w["canary"])
        for w in written
        if w["input"] not in MAY_BE_PLAIN and seen(w["canary"])
    }
    assert leaks == {}
    # The scan does see plain text where it is allowed (so an empty result means something).
    title = next(w["canary"] for w in written if w["input"] == "RoomIn.title")
    assert str(data_dir / "tearspace.sqlite3") in seen(title) + [
        p.replace("-wal", "") for p in seen(title)
    ]
    # The clip: stored, with neither its bytes nor its tags anywhere in plaintext.
    assert [w["status"] for w in written if w["input"] == "clip"] in ([200], [201])
    assert {tag: seen(value) for tag, value in REVEALING_TAGS.items() if seen(value)} == {}
    assert seen(CLIP_FILLER) == []
    assert [p for p in places if p.startswith(str(data_dir / "tmp"))] == []
