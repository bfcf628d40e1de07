"""Background jobs: recorded, sent after commit, safe when the broker is down, run once."""

import time

import pytest
from django.urls import reverse

from tests.factories import JobFactory
from vvsite.jobs import _claim, job_enqueue, job_send, jobs_resend
from vvsite.models import Job, Role

pytestmark = pytest.mark.django_db


def test_a_job_runs_in_process_when_no_broker_is_configured(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(task="vvsite.tasks.diagnostic", kwargs={"steps": 2, "pause": 0})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.progress == 100
    assert "bereikte de database" in job.message


def test_nothing_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_enqueue(task="vvsite.tasks.diagnostic", kwargs={"steps": 1, "pause": 0})
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING


def test_asking_twice_for_the_same_work_returns_the_running_job():
    first = job_enqueue(task="vvsite.tasks.diagnostic", key="report-2025")
    second = job_enqueue(task="vvsite.tasks.diagnostic", key="report-2025")
    assert first.pk == second.pk
    assert Job.objects.count() == 1


def test_a_job_delivered_twice_runs_once():
    job = JobFactory(status=Job.Status.QUEUED)
    assert _claim(job.pk) == 1
    assert _claim(job.pk) is None


def test_a_failing_job_records_its_error_and_can_be_retried(
    administrator_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(task="vvsite.tasks.diagnostic", kwargs={"steps": "many"})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "ValueError" in job.error

    page = administrator_client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "ValueError" in page
    assert "Opnieuw proberen" in page

    job.kwargs = {"steps": 1, "pause": 0}
    job.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post(reverse("job_retry", args=[job.pk]))
    retried = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("job_detail", args=[retried.pk])
    assert retried.status == Job.Status.DONE


@pytest.mark.parametrize("broker", ["closed", "silent"])
def test_with_the_broker_unreachable_the_page_answers_quickly_and_the_job_stays_pending(
    administrator_client,
    use_broker,
    closed_port,
    silent_server,
    broker,
    django_capture_on_commit_callbacks,
):
    port = closed_port if broker == "closed" else silent_server
    use_broker(f"redis://127.0.0.1:{port}/0")

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post(reverse("job_start_diagnostic"))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 2.0, f"the page took {elapsed:.2f} s"
    job = Job.objects.get()
    assert job.status == Job.Status.PENDING
    assert job.attempts == 1
    page = administrator_client.get(response["Location"]).content.decode()
    assert "Wacht op verzending" in page


def test_pending_jobs_are_sent_again_once_the_broker_is_back(use_broker, settings, closed_port):
    use_broker(f"redis://127.0.0.1:{closed_port}/0")
    job = JobFactory()
    assert job_send(job.pk, task=job.task) is False
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING

    use_broker("memory://")
    assert jobs_resend(now=job.created_at + settings.JOB_RESEND_AFTER) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert job.attempts == 2


def test_young_pending_jobs_are_left_alone_by_the_re_send(use_broker):
    use_broker("memory://")
    job = JobFactory()
    assert jobs_resend(now=job.created_at) == 0


def test_the_job_list_filters_by_status_and_pages(
    administrator_client, django_assert_max_num_queries
):
    JobFactory.create_batch(30, status=Job.Status.DONE)
    JobFactory.create_batch(3, status=Job.Status.FAILED)
    with django_assert_max_num_queries(8):
        response = administrator_client.get(reverse("jobs"), {"status": "failed"})
    assert len(response.context["table"].page.object_list) == 3
    page_two = administrator_client.get(reverse("jobs"), {"page": 2})
    assert len(page_two.context["table"].page.object_list) == 8


def test_only_administrators_see_the_jobs(client_for):
    for role in (Role.COORDINATOR, Role.COACH, Role.VOLUNTEER, Role.BOARD):
        assert client_for(role).get(reverse("jobs")).status_code == 403
