"""A job through a real Redis broker and a real Celery worker (runs when REDIS_URL is set)."""

import pytest
from django.urls import reverse

from tests.broker import wait_for
from vvsite.jobs import job_enqueue
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
