"""Words stored in plaintext before they became private are encrypted by the migrations."""

import json

from tearspace.core.tests.fresh import last_line, run_fresh

MIGRATE = """
import json
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
call_command("migrate", "safety", "0005", verbosity=0)
call_command("migrate", "rooms", "0003", verbosity=0)
from django.db.migrations.loader import MigrationLoader
from tearspace.accounts.models import User
from tearspace.rooms.models import Kind
host = User.objects.create_user(username="hugo", password="x", role="host")
sam = User.objects.create_user(username="sam", password="x")
# The room as it was at that migration (later migrations add columns).
state = MigrationLoader(connection).project_state(("rooms", "0003_room_extras"))
room = state.apps.get_model("rooms", "Room").objects.create(
    title="r", host_id=host.pk, kind=Kind.OPEN)
with connection.cursor() as cursor:
    cursor.execute(
        "INSERT INTO rooms_membership (room_id, user_id, status, joined_at, muted, hand_raised,"
        " relief, feeling, email_reminder) VALUES (%s, %s, 'joined', '2026-01-01', 0, 0,"
        " 'lighter', 'old-feeling-canary', 0)", [room.pk, sam.pk])
    membership_id = cursor.lastrowid
    cursor.execute(
        "INSERT INTO safety_selfcheck (person_id, kind, answers, score, band, created_at)"
        " VALUES (%s, 'phq9', '[0,0,0,0,0,0,0,0,3]', 3, 'minimal', '2026-01-01')", [sam.pk])
    cursor.execute(
        "INSERT INTO safety_escalation (urgency, status, created_at, updated_at, person_id, kind,"
        " level, reasons, snapshot) VALUES (3, 'open', '2026-01-01', '2026-01-01', %s,"
        " 'selfcheck', 'urgent', '[\\"item 9 old-reason-canary\\"]', '')", [sam.pk])
call_command("migrate", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("SELECT feeling FROM rooms_membership WHERE id = %s", [membership_id])
    raw = [cursor.fetchone()[0]]
    cursor.execute("SELECT answers FROM safety_selfcheck")
    raw.append(cursor.fetchone()[0])
    cursor.execute("SELECT reasons FROM safety_escalation")
    raw.append(cursor.fetchone()[0])
from tearspace.rooms.models import Membership
from tearspace.safety.models import Escalation, SelfCheck
print(json.dumps({
    "raw": raw,
    "read": [Membership.objects.get(pk=membership_id).feeling, SelfCheck.objects.get().answers,
             Escalation.objects.get().reasons],
}))
"""


def test_the_migrations_encrypt_words_stored_before_in_plaintext(tmp_path):
    result = run_fresh(tmp_path / "data", MIGRATE, migrated=True)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(last_line(result))
    assert seen["read"] == [
        "old-feeling-canary",
        [0, 0, 0, 0, 0, 0, 0, 0, 3],
        ["item 9 old-reason-canary"],
    ]
    assert [raw.startswith("gAAAAA") for raw in seen["raw"]] == [True, True, True]
    assert not any("canary" in raw or "3]" in raw for raw in seen["raw"])
