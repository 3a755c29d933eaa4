"""Moving notifications, quiet hours and blocks out of circles keeps every row, both ways."""

import json

from tearspace.core.tests.fresh import last_line, run_fresh

ROUND_TRIP = """
import json
from datetime import time
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from tearspace.accounts.models import Block, User
from tearspace.circles.models import CircleSettings
from tearspace.notifications.models import Notification, NotificationSettings
alice = User.objects.create_user(username="alice", password="x")
bob = User.objects.create_user(username="bob", password="x")
NotificationSettings.objects.create(
    person=alice, quiet_start=time(22), quiet_end=time(7), email_digest=True)
CircleSettings.objects.create(person=alice, hidden_notes=["grief"])
Block.objects.create(blocker=alice, blocked=bob, label="bob")
Notification.objects.create(recipient=alice, kind="room", text="Your room starts soon", url="/r/")

# Back to before the moves: everything is in circles' tables again.
call_command("migrate", "circles", "0007", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT quiet_start, quiet_end, email_digest, hidden_notes FROM circles_circlesettings")
    start, end, digest, hidden = cursor.fetchone()
    before = [str(start), str(end), bool(digest), hidden]
    cursor.execute("SELECT label FROM circles_block")
    before.append(cursor.fetchone()[0])
    cursor.execute("SELECT text FROM circles_notification")
    before.append(cursor.fetchone()[0])

# Forward again, as an existing installation upgrades.
call_command("migrate", verbosity=0)
prefs = NotificationSettings.objects.get(person=alice)
after = [
    str(prefs.quiet_start), str(prefs.quiet_end), prefs.email_digest,
    CircleSettings.objects.get(person=alice).hidden_notes,
    Block.objects.get(blocker=alice).label, Notification.objects.get(recipient=alice).url,
]
print(json.dumps({"before": before, "after": after}))
"""


def test_the_moves_keep_quiet_hours_blocks_and_notifications_both_ways(tmp_path):
    result = run_fresh(tmp_path / "data", ROUND_TRIP, migrated=True)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(last_line(result))
    assert seen["before"][:3] == ["22:00:00", "07:00:00", True]
    assert "grief" in seen["before"][3]
    assert seen["before"][4:] == ["bob", "Your room starts soon"]
    assert seen["after"] == ["22:00:00", "07:00:00", True, ["grief"], "bob", "/r/"]
