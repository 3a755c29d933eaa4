"""Deleting an account leaves none of its words in the SQLite database file or its WAL."""

import json

from tearspace.core.tests.fresh import last_line, run_fresh

CANARY = "canary-handle-5be1d0"

DELETE_AND_SCAN = f"""
import json
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from tearspace.accounts.actions import do_delete_account
from tearspace.accounts.models import User
call_command("migrate", verbosity=0)
user = User.objects.create_user(username={CANARY!r}, email="{CANARY}@example.org", password="x")
connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the row is in the main file
files = [settings.DATA_DIR / "tearspace.sqlite3", settings.DATA_DIR / "tearspace.sqlite3-wal"]
def seen():
    return [f.name for f in files if f.exists() and {CANARY!r}.encode() in f.read_bytes()]
before = seen()
do_delete_account(user=user)
print(json.dumps({{"before": before, "after": seen()}}))
"""


def test_a_deleted_accounts_words_are_gone_from_the_database_file_and_wal(tmp_path):
    result = run_fresh(tmp_path / "data", DELETE_AND_SCAN, migrated=True)
    assert result.returncode == 0, result.stderr
    seen = json.loads(last_line(result))
    assert seen["before"] == ["tearspace.sqlite3"]
    assert seen["after"] == []
