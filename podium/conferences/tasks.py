from __future__ import annotations

from django_tasks import task

from podium.conferences.models import ScheduleRun


@task()
def run_schedule(*, run_id: int) -> None:
    """Run the school-wide scheduler for a queued run (see ``placing.execute``)."""
    from podium.conferences.placing import execute

    run = ScheduleRun.objects.select_related("cycle__school", "cycle__school_year").filter(
        pk=run_id, status=ScheduleRun.Status.QUEUED
    )
    found = run.first()
    if found is not None:
        execute(found)
