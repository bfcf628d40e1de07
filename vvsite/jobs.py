"""Background jobs: record first, hand to Celery after commit, never let the broker block a page.

A job is a ``Job`` row. ``job_enqueue`` writes it and, once the surrounding transaction has
committed, publishes it. Publishing is bounded by the broker timeouts in settings; if the broker
is unreachable the row simply stays ``pending`` and ``jobs_resend_pending`` (Celery beat) sends it
again later. Tasks written with ``job_task`` claim their row before running, so a job delivered
twice runs once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial, wraps

from celery import current_app, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from vvsite.models import Job

logger = logging.getLogger(__name__)

#: What publishing raises when the broker is down or unreachable.
BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuError, OSError, RedisError)

ProgressFn = Callable[[int, str], None]


class JobError(Exception):
    """An expected failure whose message is written for the person who asked for the job."""


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    if isinstance(exc, JobError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def task_send_on_commit(name: str, **kwargs) -> None:
    """Publish the Celery task ``name`` (no job row) once the transaction commits. By name, as
    jobs are: a service need not import its app's tasks module, which imports the services."""
    transaction.on_commit(lambda: current_app.tasks[name].delay(**kwargs))


def job_enqueue(*, task: str, kwargs: dict | None = None, by=None, key: str = "") -> Job:
    """Record a job and publish it after commit. With ``key``, an active job with the same key
    is returned instead of starting a second one."""
    with transaction.atomic():
        if key:
            existing = _active_with_key(key)
            if existing is not None:
                return existing
        try:
            with transaction.atomic():
                job = Job.objects.create(task=task, kwargs=kwargs or {}, key=key, created_by=by)
        except IntegrityError:
            # Another request created the same job between our check and our insert.
            existing = _active_with_key(key)
            if existing is None:
                raise
            return existing
        transaction.on_commit(partial(job_send, job.pk, task=job.task))
    return job


def _active_with_key(key: str) -> Job | None:
    return Job.objects.filter(key=key, status__in=Job.ACTIVE_STATUSES).first()


def job_retry(*, job: Job, by=None) -> Job:
    """Run a failed job again as a fresh job with the same task and arguments."""
    return job_enqueue(task=job.task, kwargs=job.kwargs, by=by, key=job.key)


def job_send(job_pk: int, *, task: str, resend_queued: bool = False) -> bool:
    """Publish a job to the broker. Returns False (and leaves the job pending) if it is down."""
    from_statuses = [Job.Status.PENDING] + ([Job.Status.QUEUED] if resend_queued else [])
    claimed = Job.objects.filter(pk=job_pk, status__in=from_statuses).update(
        status=Job.Status.QUEUED, sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    try:
        _publish(job_pk, task)
    except BROKER_ERRORS as exc:
        Job.objects.filter(pk=job_pk, status=Job.Status.QUEUED).update(status=Job.Status.PENDING)
        logger.warning("Broker unreachable, job %s stays pending: %s", job_pk, type(exc).__name__)
        return False
    return True


def _publish(job_pk: int, task_name: str) -> None:
    """Hand the job to the broker on a connection with tight timeouts and one quick retry, so a
    broker that is down or hangs costs a request about a second at most."""
    task = current_app.tasks[task_name]
    if current_app.conf.task_always_eager:
        task.apply_async(kwargs={"job_id": job_pk})
        return
    timeout = settings.JOB_PUBLISH_TIMEOUT
    options = {
        **current_app.conf.broker_transport_options,
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
    }
    with current_app.connection_for_write(transport_options=options) as connection:
        task.apply_async(
            kwargs={"job_id": job_pk},
            connection=connection,
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.1},
        )


def jobs_resend(*, now=None) -> int:
    """Send again the jobs whose publishing failed, and those a broker lost. Returns the count."""
    now = now or timezone.now()
    pending_cutoff = now - settings.JOB_RESEND_AFTER
    lost_cutoff = now - timedelta(seconds=settings.CELERY_BROKER_VISIBILITY_TIMEOUT)
    stale = Job.objects.filter(
        Q(status=Job.Status.PENDING, created_at__lte=pending_cutoff)
        | Q(status=Job.Status.QUEUED, sent_at__lte=lost_cutoff)
    ).values_list("pk", "task")[:500]
    sent = 0
    for pk, task in stale:
        if job_send(pk, task=task, resend_queued=True):
            sent += 1
        else:
            break  # the broker is still down; try again next round
    return sent


def job_progress(job_pk: int, percent: int, message: str = "") -> None:
    Job.objects.filter(pk=job_pk).update(progress=max(0, min(100, percent)), message=message[:300])


def _claim(job_pk: int) -> bool:
    """Mark a job running; False if it already runs, or ran, elsewhere."""
    stale_running = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return bool(
        Job.objects.filter(pk=job_pk)
        .filter(
            Q(status__in=[Job.Status.PENDING, Job.Status.QUEUED])
            | Q(status=Job.Status.RUNNING, started_at__lt=stale_running)
        )
        .update(status=Job.Status.RUNNING, started_at=timezone.now(), progress=0, error="")
    )


def job_task(name: str, **options) -> Callable:
    """Turn ``fn(job, progress)`` into a Celery task that runs a recorded ``Job``.

    The task claims the row (so a second delivery does nothing), reports progress on it and
    records success or the error. Tasks are idempotent by construction, hence ``acks_late``.
    """
    options.setdefault("acks_late", True)

    def decorator(fn: Callable[[Job, ProgressFn], str | None]):
        @shared_task(name=name, **options)
        @wraps(fn)
        def run(job_id: int) -> None:
            if not _claim(job_id):
                logger.info("Job %s already claimed; skipping this delivery", job_id)
                return
            job = Job.objects.select_related("created_by").get(pk=job_id)
            language = job.created_by.language if job.created_by else settings.LANGUAGE_CODE
            try:
                with translation.override(language):  # messages in the requester's language
                    message = fn(job, partial(job_progress, job_id))
            except SoftTimeLimitExceeded:
                _finish(job_id, Job.Status.FAILED, error="Time limit exceeded")
                raise
            except Exception as exc:  # recorded on the job and shown to the user
                logger.exception("Job %s (%s) failed", job_id, name)
                _finish(job_id, Job.Status.FAILED, error=_error_text(exc))
                return
            _finish(job_id, Job.Status.DONE, message=message or "")

        return run

    return decorator


def _finish(job_pk: int, status: str, *, error: str = "", message: str = "") -> None:
    values = {"status": status, "finished_at": timezone.now(), "error": error[:5000]}
    if status == Job.Status.DONE:
        values["progress"] = 100
    if message:
        values["message"] = message[:300]
    Job.objects.filter(pk=job_pk).update(**values)
