from django.tasks import task

from tearspace.journal.models import MontageJob, MontageStatus


@task
def render_montage(job_id: str) -> None:
    from tearspace.journal.montage import render_montage as render

    job = MontageJob.objects.filter(pk=job_id, status=MontageStatus.QUEUED).first()
    if job is not None:
        render(job)
