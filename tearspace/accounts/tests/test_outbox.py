"""Without a mail server, mail waits in a private outbox; no reset link or address is logged."""

import json

from tearspace.core.tests.fresh import last_line, run_fresh

ADDRESS = "canary-mail-41c7@example.org"

RESET = f"""
import json
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from tearspace.accounts.models import User
call_command("migrate", verbosity=0)
User.objects.create_user(username="sam", email={ADDRESS!r}, password="a-long-test-password")
client = Client(SERVER_NAME="localhost")
answer = client.post(reverse("account_reset_password"), {{"email": {ADDRESS!r}}})
outbox = settings.DATA_DIR / "outbox"
print(json.dumps({{
    "status": answer.status_code,
    "folder": outbox.stat().st_mode & 0o777,
    "files": {{p.name: [p.stat().st_mode & 0o777, p.read_text()] for p in outbox.iterdir()}},
}}))
"""


def test_a_password_reset_goes_to_the_private_outbox_and_not_to_the_log(tmp_path):
    result = run_fresh(tmp_path / "data", RESET, migrated=True)
    assert result.returncode == 0, result.stderr
    seen = json.loads(last_line(result))
    assert seen["status"] == 302
    assert seen["folder"] == 0o700
    [(mode, message)] = seen["files"].values()
    assert mode == 0o600
    assert ADDRESS in message
    assert "/accounts/password/reset/key/" in message
    printed = "\n".join(result.stdout.strip().splitlines()[:-1]) + result.stderr
    assert ADDRESS not in printed
    assert "password/reset/key" not in printed
