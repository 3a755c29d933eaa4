"""A socket whose disconnect outlasts the test client's timeout leaves nothing locked behind.

On a loaded machine the client's disconnect (one second) can give up while the consumer's
goodbye still runs in asgiref's worker thread, inside a transaction; the root conftest waits for
that work before the database is flushed (`sync_work_done`). CI once lost a worker's tests that
way: the flush met the open transaction ("database table is locked") and left rows behind.
"""

import asyncio
import time
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction

from conftest import sync_work_done
from tearspace.accounts.models import User
from tearspace.rooms import actions
from tearspace.rooms.models import Room
from tearspace.rooms.tests.test_consumers import open_socket, settle

pytestmark = pytest.mark.django_db(transaction=True)


async def test_the_goodbye_still_running_in_a_worker_thread_is_waited_for(
    room: Room, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    socket = await open_socket(member, room)
    await settle(socket)
    announce = actions.do_announce_presence
    finished: list[bool] = []

    def slow_goodbye(**kwargs: Any) -> Any:
        with transaction.atomic():
            User.objects.filter(pk=member.pk).update(last_login=None)  # holds the write lock
            time.sleep(3.0)  # longer than the client waits for the app to finish (1 s)
            result = announce(**kwargs)
        finished.append(True)
        return result

    monkeypatch.setattr(actions, "do_announce_presence", slow_goodbye)
    await socket.comm.disconnect()
    assert not finished  # the client gave up waiting; the goodbye runs on in its thread
    await asyncio.wrap_future(sync_work_done())
    assert finished == [True]
    # Nothing holds the database now: a write from this thread goes through (the flush after
    # this test would otherwise fail with "database table is locked").
    await sync_to_async(User.objects.filter(pk=member.pk).update, thread_sensitive=False)(
        last_login=None
    )
