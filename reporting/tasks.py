from celery import shared_task

from reporting.services import kpis_refresh, kpis_refresh_request
from vvsite.jobs import job_task


@job_task("reporting.tasks.kpis_refresh")
def kpis_refresh_job(job, progress) -> str:
    """Compute the key figures again (asked for by a coordinator, or by the nightly run)."""
    progress(5, "")
    snapshot = kpis_refresh()
    return f"{snapshot.first_year}–{snapshot.last_year}: {snapshot.duration_ms} ms"


@shared_task(name="reporting.tasks.kpis_refresh_nightly", ignore_result=True)
def kpis_refresh_nightly() -> None:
    """Nightly (Celery beat): compute the key figures as a recorded job."""
    kpis_refresh_request()
