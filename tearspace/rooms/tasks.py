from datetime import datetime

from django.tasks import task

from tearspace.rooms.actions import do_send_room_reminder


@task
def send_room_reminder(membership_id: int, starts_at: str) -> None:
    """Remind one person, shortly before the session they joined (queued when they joined)."""
    do_send_room_reminder(membership_id=membership_id, starts_at=datetime.fromisoformat(starts_at))
