"""Background jobs: record first, hand to Celery after commit, never let the broker block a page.

A job is a ``Job`` row. ``job_enqueue`` writes it and, once the surrounding transaction has
committed, publishes it. Publishing is bounded by the broker timeouts in settings; if the broker
is unreachable the row simply stays ``pending`` and ``jobs_resend_pending`` (Celery beat) sends it
again later. Tasks written with ``job_task`` claim their row before running, so a job delivered
twice runs once.

A worker can die mid-job (the pool process killed, the whole container gone, the broker
restarted without its data). Nothing then stays stuck:

- the running attempt holds a *lease* on its row, which a thread renews while the task works;
  a dead worker stops renewing it;
- every minute ``jobs_resend`` (Celery beat) sends again the pending jobs, the queued jobs no
  worker started (a lost message) and the running jobs whose lease lapsed;
- a delivery may claim a running job only once its lease has lapsed, and each claim is a new
  numbered attempt (``Job.runs``): only the latest attempt may renew the lease, store its result
  (``job_owned``) or finish the job, so a late, superseded attempt changes nothing;
- after ``JOB_MAX_ATTEMPTS`` lost attempts the job ends ``failed`` with the reason shown.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial, wraps

from celery import current_app, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from vvsite.models import Job, stalled_jobs_q

logger = logging.getLogger(__name__)

#: What publishing raises when the broker is down or unreachable.
BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuError, OSError, RedisError)

ProgressFn = Callable[[int, str], None]


class JobError(Exception):
    """An expected failure whose message is written for the person who asked for the job."""


class JobSuperseded(Exception):
    """This attempt lost its lease and a later attempt took the job over: discard the result."""


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


@transaction.atomic
def job_retry(*, job: Job, by=None) -> Job:
    """Run a failed or stalled job again as a fresh job with the same task and arguments. A
    stalled job is first closed as failed, so that it cannot finish after its replacement."""
    if job.is_active:
        closed = (
            Job.objects.filter(pk=job.pk)
            .filter(stalled_jobs_q(timezone.now()))
            .update(
                status=Job.Status.FAILED,
                finished_at=timezone.now(),
                error=gettext("Stopped by hand to be tried again."),
            )
        )
        if not closed:
            raise ValidationError(gettext("This job is being worked on; it cannot be retried."))
    return job_enqueue(task=job.task, kwargs=job.kwargs, by=by, key=job.key)


def _resendable_q(now) -> Q:
    """Jobs the sweep sends again: not published (after a short wait), published but never
    started (the broker lost the message), and running without a live lease (the worker died)."""
    return (
        Q(status=Job.Status.PENDING, created_at__lte=now - settings.JOB_RESEND_AFTER)
        | Q(status=Job.Status.QUEUED, sent_at__lte=now - settings.JOB_REQUEUE_AFTER)
        | Q(status=Job.Status.RUNNING, lease_until__lt=now)
    )


def job_send(job_pk: int, *, task: str, resend: bool = False, now=None) -> bool:
    """Publish a job to the broker. Returns False (and leaves the job pending) if it is down.
    With ``resend``, only a job that the sweep may send again at ``now`` (``_resendable_q``)."""
    jobs = Job.objects.filter(pk=job_pk)
    if resend:
        jobs = jobs.filter(_resendable_q(now or timezone.now()))
    else:
        jobs = jobs.filter(status=Job.Status.PENDING)
    claimed = jobs.update(
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
    """Send again the jobs whose publishing failed, those a broker lost and those whose worker
    died; give up on those that lost their worker ``JOB_MAX_ATTEMPTS`` times. Returns the count
    sent."""
    now = now or timezone.now()
    _give_up_lost(now)
    stale = Job.objects.filter(_resendable_q(now)).order_by("pk").values_list("pk", "task")[:500]
    sent = 0
    for pk, task in stale:
        if job_send(pk, task=task, resend=True, now=now):
            sent += 1
        elif Job.objects.filter(pk=pk, status=Job.Status.PENDING).exists():
            break  # the broker is still down; try again next round
    return sent


def _give_up_lost(now, jobs=None) -> int:
    """End as failed the jobs (default: running ones with a lapsed lease) that have used up
    their attempts."""
    if jobs is None:
        jobs = Job.objects.filter(status=Job.Status.RUNNING, lease_until__lt=now)
    error = gettext(
        "Stopped after %(count)s attempts: each time the worker running it was lost."
    ) % {"count": settings.JOB_MAX_ATTEMPTS}
    given_up = jobs.filter(runs__gte=settings.JOB_MAX_ATTEMPTS).update(
        status=Job.Status.FAILED, finished_at=now, lease_until=None, error=error
    )
    if given_up:
        logger.warning("Gave up on %s job(s) whose worker was lost repeatedly", given_up)
    return given_up


def job_progress(job_pk: int, percent: int, message: str = "") -> None:
    Job.objects.filter(pk=job_pk).update(progress=max(0, min(100, percent)), message=message[:300])


def _claim(job_pk: int) -> int | None:
    """Start a new attempt at a job: returns its number, or None when the job is finished or
    another attempt holds a live lease on it (this delivery is then a duplicate)."""
    now = timezone.now()
    claimable = Q(status__in=[Job.Status.PENDING, Job.Status.QUEUED]) | Q(
        status=Job.Status.RUNNING, lease_until__lt=now
    )
    runs = Job.objects.filter(claimable, pk=job_pk).values_list("runs", flat=True).first()
    if runs is None:
        return None
    if runs >= settings.JOB_MAX_ATTEMPTS:
        _give_up_lost(now, Job.objects.filter(claimable, pk=job_pk))
        return None
    claimed = Job.objects.filter(claimable, pk=job_pk, runs=runs).update(
        status=Job.Status.RUNNING,
        started_at=now,
        lease_until=now + settings.JOB_LEASE,
        runs=runs + 1,
        progress=0,
    )
    return runs + 1 if claimed else None


def _renew_lease(job_pk: int, run: int) -> bool:
    """Extend the lease of attempt ``run``; False once a later attempt owns the job."""
    lease_until = timezone.now() + settings.JOB_LEASE
    return bool(
        Job.objects.filter(pk=job_pk, runs=run, status=Job.Status.RUNNING).update(
            lease_until=lease_until
        )
    )


@contextmanager
def _lease_kept(job_pk: int, run: int) -> Iterator[None]:
    """Renew the attempt's lease from a thread while the body runs (not for in-process tasks:
    no worker there can die apart from the request that runs them)."""
    if current_app.conf.task_always_eager:
        yield
        return
    stop = threading.Event()

    def keep() -> None:
        interval = settings.JOB_LEASE.total_seconds() / 3
        try:
            while not stop.wait(interval):
                try:
                    if not _renew_lease(job_pk, run):
                        return
                except DatabaseError as exc:  # the next round tries again
                    logger.warning("Job %s: lease not renewed: %s", job_pk, type(exc).__name__)
        finally:
            connections.close_all()

    thread = threading.Thread(target=keep, name=f"job-{job_pk}-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@contextmanager
def job_owned(job: Job) -> Iterator[None]:
    """Store an attempt's result only while it still owns the job: holds the job row locked,
    raises ``JobSuperseded`` when a later attempt took over. Wrap the writes that must happen
    once (a document's file) in it."""
    with transaction.atomic():
        owned = Job.objects.select_for_update().filter(
            pk=job.pk, runs=job.runs, status=Job.Status.RUNNING
        )
        if not owned.exists():
            raise JobSuperseded(f"Job {job.pk}: attempt {job.runs} was superseded")
        yield


def job_task(name: str, **options) -> Callable:
    """Turn ``fn(job, progress)`` into a Celery task that runs a recorded ``Job``.

    The task claims the row (so a second delivery does nothing), keeps its lease while it runs,
    reports progress and records success or the error. Tasks are idempotent by construction,
    hence ``acks_late``: a message whose worker died is delivered again (the worker setting
    ``task_reject_on_worker_lost``).
    """
    options.setdefault("acks_late", True)

    def decorator(fn: Callable[[Job, ProgressFn], str | None]):
        @shared_task(name=name, **options)
        @wraps(fn)
        def run(job_id: int) -> None:
            attempt = _claim(job_id)
            if attempt is None:
                logger.info("Job %s is done or running elsewhere; delivery skipped", job_id)
                return
            job = Job.objects.select_related("created_by").get(pk=job_id)
            language = job.created_by.language if job.created_by else settings.LANGUAGE_CODE
            finish = partial(_finish, job_id, attempt)
            try:
                with _lease_kept(job_id, attempt), translation.override(language):
                    message = fn(job, partial(job_progress, job_id))
            except JobSuperseded:
                logger.warning("Job %s attempt %s superseded; result discarded", job_id, attempt)
                return
            except SoftTimeLimitExceeded:
                finish(Job.Status.FAILED, error="Time limit exceeded")
                raise
            except Exception as exc:  # recorded on the job and shown to the user
                logger.exception("Job %s (%s) failed", job_id, name)
                finish(Job.Status.FAILED, error=_error_text(exc))
                return
            finish(Job.Status.DONE, message=message or "")

        return run

    return decorator


def _finish(job_pk: int, run: int, status: str, *, error: str = "", message: str = "") -> None:
    """Record the outcome of attempt ``run``, unless a later attempt took the job over."""
    values = {"status": status, "finished_at": timezone.now(), "error": error[:5000]}
    values["lease_until"] = None
    if status == Job.Status.DONE:
        values["progress"] = 100
    if message:
        values["message"] = message[:300]
    if not Job.objects.filter(pk=job_pk, runs=run, status=Job.Status.RUNNING).update(**values):
        logger.warning("Job %s attempt %s was superseded; its outcome is not recorded", job_pk, run)
