"""Jobs whose worker died, or whose message the broker lost, are run again; never twice at once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.factories import JobFactory
from vvsite.jobs import JobSuperseded, _claim, _finish, _renew_lease, job_owned, jobs_resend
from vvsite.models import Job

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _running(*, lease_left: timedelta, runs: int = 1, **fields) -> Job:
    return JobFactory(
        status=Job.Status.RUNNING,
        runs=runs,
        started_at=NOW - timedelta(minutes=5),
        lease_until=NOW + lease_left,
        **fields,
    )


def test_a_redelivery_takes_over_a_job_whose_lease_lapsed():
    job = _running(lease_left=timedelta(seconds=-1))
    assert _claim(job.pk) == 2
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert job.lease_until == NOW + timedelta(seconds=60)


def test_a_redelivery_leaves_a_job_with_a_live_lease_alone():
    job = _running(lease_left=timedelta(seconds=30))
    assert _claim(job.pk) is None
    assert Job.objects.get(pk=job.pk).runs == 1


def test_only_the_latest_attempt_renews_the_lease_and_finishes_the_job(frozen):
    job = JobFactory(status=Job.Status.QUEUED)
    assert _claim(job.pk) == 1
    frozen.shift(timedelta(seconds=61))  # attempt 1 stalls; its lease lapses
    assert _claim(job.pk) == 2

    assert _renew_lease(job.pk, 1) is False
    _finish(job.pk, 1, Job.Status.DONE, message="late")
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.RUNNING, "")

    assert _renew_lease(job.pk, 2) is True
    _finish(job.pk, 2, Job.Status.DONE, message="done")
    job.refresh_from_db()
    assert (job.status, job.message, job.lease_until) == (Job.Status.DONE, "done", None)


def test_a_superseded_attempt_cannot_store_its_result():
    job = _running(lease_left=timedelta(seconds=30), runs=2)
    job.runs = 1  # what attempt 1 still holds
    with pytest.raises(JobSuperseded), job_owned(job):
        pytest.fail("the body must not run")
    job.runs = 2
    with job_owned(job):
        pass


def test_the_sweep_sends_again_lapsed_running_jobs_and_queued_jobs_no_worker_started(
    use_broker, settings
):
    use_broker("memory://")
    lapsed = _running(lease_left=timedelta(seconds=-1))
    live = _running(lease_left=timedelta(seconds=30))
    lost = JobFactory(status=Job.Status.QUEUED, sent_at=NOW - settings.JOB_REQUEUE_AFTER)
    waiting = JobFactory(status=Job.Status.QUEUED, sent_at=NOW - timedelta(seconds=10))

    assert jobs_resend() == 2

    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses[lapsed.pk] == statuses[lost.pk] == Job.Status.QUEUED
    assert statuses[live.pk] == Job.Status.RUNNING
    assert statuses[waiting.pk] == Job.Status.QUEUED
    assert Job.objects.get(pk=lost.pk).sent_at == NOW
    assert Job.objects.get(pk=waiting.pk).sent_at == NOW - timedelta(seconds=10)


def test_a_job_that_lost_its_worker_every_time_ends_failed_with_the_reason_shown(
    use_broker, settings, administrator_client
):
    use_broker("memory://")
    job = _running(lease_left=timedelta(seconds=-1), runs=settings.JOB_MAX_ATTEMPTS)

    assert jobs_resend() == 0

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    page = administrator_client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert f"Gestopt na {settings.JOB_MAX_ATTEMPTS} pogingen" in page
    assert "Opnieuw proberen" in page


def test_a_stalled_job_can_be_retried_from_the_jobs_page(
    administrator_client, django_capture_on_commit_callbacks
):
    job = _running(lease_left=timedelta(seconds=-1), key="report-2026")
    page = administrator_client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Opnieuw proberen" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post(reverse("job_retry", args=[job.pk]))

    retried = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("job_detail", args=[retried.pk])
    assert retried.status == Job.Status.DONE
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


@pytest.mark.parametrize("status", [Job.Status.RUNNING, Job.Status.DONE])
def test_a_job_being_worked_on_or_done_is_not_retried(administrator_client, status):
    job = _running(lease_left=timedelta(seconds=30))
    Job.objects.filter(pk=job.pk).update(status=status)
    response = administrator_client.post(reverse("job_retry", args=[job.pk]))
    assert response.status_code == 404
    assert Job.objects.count() == 1
