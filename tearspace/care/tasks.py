from django.tasks import task

from tearspace.care.actions import do_keep_promise


@task
def keep_care_promise(request_id: int) -> None:
    """Take the promise's due steps for one request (queued at 24 h, 40 h and 48 h)."""
    do_keep_promise(request_id=request_id)
