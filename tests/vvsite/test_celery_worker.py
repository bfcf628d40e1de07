"""A job through a real Redis broker and a real Celery worker (runs when REDIS_URL is set)."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.broker import wait_for, wait_for_job
from vvsite.jobs import _claim, job_enqueue
from vvsite.models import Job, WorkerHeartbeat
from vvsite.tasks import heartbeat

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_job_round_trips_through_redis_and_a_worker(worker):
    job = job_enqueue(task="vvsite.tasks.diagnostic", kwargs={"steps": 3, "pause": 0.05})
    assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE), Job.objects.get(
        pk=job.pk
    ).status
    job.refresh_from_db()
    assert job.progress == 100
    assert job.attempts == 1
    assert job.started_at <= job.finished_at


def test_healthz_is_green_with_a_live_broker_and_a_recent_worker_heartbeat(worker, client):
    heartbeat.delay()
    assert wait_for(WorkerHeartbeat.objects.exists)
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 200, response.content
    assert set(response.json().values()) == {"OK"}


def test_a_worker_keeps_the_lease_of_a_job_that_outlasts_it_so_a_redelivery_does_not_take_it(
    worker, settings
):
    settings.JOB_LEASE = timedelta(seconds=0.6)
    job = job_enqueue(task="vvsite.tasks.diagnostic", kwargs={"steps": 4, "pause": 0.5})
    assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.RUNNING)
    time.sleep(1.2)  # twice the lease: only its renewal keeps it

    assert _claim(job.pk) is None  # a second delivery of the message finds the job taken

    job = wait_for_job(job.pk)
    assert job.status == Job.Status.DONE
    assert job.runs == 1
    assert job.lease_until is None
