from django.db import models


class WorkerHeartbeat(models.Model):
    """The last time each background task worker said it was alive (read by /healthz)."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.seen_at:%H:%M:%S}"
