"""The key figures are computed again every night by Celery beat, as a recorded job."""

import pytest
from django.conf import settings

from reporting import tasks
from reporting.models import KpiSnapshot
from reporting.services import REFRESH_KEY
from vvsite.celery import app
from vvsite.models import Job

pytestmark = pytest.mark.django_db


def test_beat_runs_the_refresh_every_night():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "reporting.tasks.kpis_refresh_nightly"
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"].hour == {4}
    assert "reporting.tasks.kpis_refresh_nightly" in app.tasks
    assert "reporting.tasks.kpis_refresh" in app.tasks


def test_the_nightly_run_is_a_job_that_stores_a_snapshot(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.kpis_refresh_nightly()

    job = Job.objects.get(key=REFRESH_KEY)
    assert job.status == Job.Status.DONE, job.error
    assert job.created_by is None
    snapshot = KpiSnapshot.objects.get()
    assert str(snapshot.last_year) in job.message
