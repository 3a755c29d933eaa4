import pytest

from tearspace.core.management.commands.worker import Heartbeat
from tearspace.core.models import WorkerHeartbeat


@pytest.mark.django_db(transaction=True)
def test_the_worker_heartbeat_records_that_it_is_alive():
    beat = Heartbeat("worker-test")
    beat.stopping.set()  # beat once, then stop
    beat.run()
    assert WorkerHeartbeat.objects.get(worker_id="worker-test").seen_at is not None
