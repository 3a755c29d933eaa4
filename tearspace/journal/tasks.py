from django.tasks import task

from tearspace.journal.models import MontageJob, MontageStatus
from tearspace.journal.montage import render_montage as render


@task
def render_montage(job_id: str) -> None:
    job = MontageJob.objects.filter(pk=job_id, status=MontageStatus.QUEUED).first()
    if job is not None:
        render(job)
