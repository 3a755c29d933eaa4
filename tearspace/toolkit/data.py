"""The toolkit's part of the account export (delete is the database cascade)."""

from tearspace.accounts.models import User
from tearspace.toolkit.models import Reminder, ToolUse


def export_toolkit(user: User) -> dict[str, object]:
    return {
        "tool_uses": [use.to_dict() for use in ToolUse.objects.filter(user=user).order_by("at")],
        "reminders": [r.to_dict() for r in Reminder.objects.filter(user=user).order_by("due_at")],
    }
