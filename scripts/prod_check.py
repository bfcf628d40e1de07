"""The production shape outside containers, and the fault drills of issue 11 (scripts/prod-check).

Starts a Postgres cluster and a Redis of its own on loopback ports (so that restarting them
disturbs nothing else on the machine), prepares the code as the Dockerfile does, then runs the
services with the commands docker-compose.yml gives them (migrate, web, worker, beat) and
production settings. The drills:

1. the worker's pool processes killed mid-render of a certificate batch: the job is done within
   3 minutes, with exactly one PDF;
2. the whole worker killed (as a container dies) and a new one started: done within 3 minutes;
3. Redis restarted with its data lost while a job is queued: done within 3 minutes after Redis
   returns (meanwhile /healthz answers 503);
4. Postgres restarted: pages answer 200 again within 10 s, with the same web processes (while it
   is down, /healthz/live answers 503 and the compose health check fails).

Job timings are shortened by environment (a 10 s lease, a sweep every 5 s) to keep the run short;
the defaults (60 s each) give the same behaviour within the same bounds. Everything started is
stopped at the end, also on failure.
"""
# ruff: noqa: E402 - Django is configured from the environment this script builds first.

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from http.client import HTTPConnection
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
WORK = Path(tempfile.mkdtemp(prefix="vvsite-prod-check-"))
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PG_PORT, REDIS_PORT, WEB_PORT = _free_port(), _free_port(), _free_port()
os.environ.update(
    {
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        "DJANGO_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/vvsite",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "STATIC_COMPRESS": "false",  # gzip and brotli take minutes and no drill needs them
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(WEB_PORT),
        "WEB_CONCURRENCY": "2",
        "JOB_LEASE_SECONDS": "10",
        "JOB_SWEEP_SECONDS": "5",
        "JOB_REQUEUE_AFTER_SECONDS": "10",
        "JOB_RESEND_AFTER_SECONDS": "5",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "INFO",
    }
)
os.environ.pop("DJANGO_SETTINGS_MODULE", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "vvsite.settings"

import django

django.setup()

from django.db import connections, transaction

from cohorts.certificates import COHORT_CERTIFICATES
from cohorts.models import Enrolment
from tests.cohorts.factories import CohortFactory, enrol
from tests.factories import UserFactory
from vvsite.documents.models import Document
from vvsite.documents.services import document_request
from vvsite.jobs import job_enqueue
from vvsite.models import Job, Role
from vvsite.tasks import heartbeat

LIMIT = 180  # seconds a drill may take to get its job done


class Stack:
    """The processes this script started, each in a session of its own (killed as a group)."""

    def __init__(self) -> None:
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = open(WORK / f"{name}.log", "ab")  # noqa: SIM115 - kept open for the process
        process = subprocess.Popen(
            argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        return process

    def start_service(self, service: str, name: str | None = None) -> subprocess.Popen:
        """Start a compose service with the exact command docker-compose.yml gives it."""
        return self.start(name or service, COMPOSE["services"][service]["command"])

    def kill(self, name: str, sig: int = signal.SIGKILL, timeout: float = 30) -> None:
        """Signal the process group of ``name``; after ``timeout`` seconds, kill it."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM, timeout=10)


STACK = Stack()


STARTED = time.monotonic()


def step(text: str) -> None:
    print(f"\n==> [{time.monotonic() - STARTED:5.0f} s] {text}", flush=True)


def wait_until(check: Callable[[], bool], timeout: float, what: str, every: float = 0.5) -> float:
    """Poll ``check`` until it holds; returns the seconds it took, fails after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(every)
    raise SystemExit(f"FAILED: {what} (not within {timeout:.0f} s)")


# --- Postgres and Redis of our own ---------------------------------------------------------------

PGDATA = WORK / "pgdata"


def pg_ctl(*args: str) -> None:
    options = f"-p {PG_PORT} -k {PGDATA} -c listen_addresses=127.0.0.1 -c fsync=off"
    command = ["pg_ctl", "-D", str(PGDATA), "-l", str(PGDATA / "log"), "-o", options, *args]
    subprocess.run(AS_POSTGRES + command, check=True, stdout=subprocess.DEVNULL)


def postgres_start_fresh() -> None:
    PGDATA.mkdir()
    if AS_POSTGRES:
        WORK.chmod(0o755)
        shutil.chown(PGDATA, "postgres")
    subprocess.run(
        [*AS_POSTGRES, "initdb", "-D", str(PGDATA), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pg_ctl("-w", "start")
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "vvsite"], check=True
    )


REDIS_DIR = WORK / "redis"


def redis_start() -> None:
    REDIS_DIR.mkdir(exist_ok=True)
    argv = ["redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT)]
    STACK.start("redis", [*argv, "--dir", str(REDIS_DIR), "--appendonly", "yes", "--save", ""])
    wait_until(redis_answers, 10, "Redis starts", every=0.1)


def redis_answers() -> bool:
    ping = ["redis-cli", "-p", str(REDIS_PORT), "ping"]
    return subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG"


# --- Looking at the site -------------------------------------------------------------------------


def http_status(path: str, *, via_proxy: bool = False) -> int:
    """GET a path from gunicorn (redirects not followed), as the TLS proxy passes a request on
    or, plain, as a health check asks. 0 when nothing answers."""
    headers = {"Accept": "application/json"}
    if via_proxy:
        headers["X-Forwarded-Proto"] = "https"
    connection = HTTPConnection("127.0.0.1", WEB_PORT, timeout=5)
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()


def compose_health_check_passes() -> bool:
    """The web container's health check, the exact command from docker-compose.yml."""
    _kind, command = COMPOSE["services"]["web"]["healthcheck"]["test"]
    result = subprocess.run(["sh", "-c", command.replace("$$", "$")], capture_output=True)
    return result.returncode == 0


def job_row(pk: int) -> Job:
    connections.close_all()  # a fresh connection each time: Postgres may have restarted
    return Job.objects.get(pk=pk)


def pdfs_in_media() -> set[Path]:
    return set((WORK / "media").rglob("*.pdf"))


# --- The shape -----------------------------------------------------------------------------------


def start_the_shape() -> None:
    step(f"Postgres (port {PG_PORT}) and Redis (port {REDIS_PORT}) of our own in {WORK}")
    postgres_start_fresh()
    redis_start()
    step("Build steps of the Dockerfile: translations and static files")
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v0"],
        cwd=ROOT,
        check=True,
    )
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)
    step("migrate, web, worker and beat with the commands of docker-compose.yml")
    migrate = STACK.start_service("migrate")
    if migrate.wait(timeout=300) != 0:
        raise SystemExit("FAILED: migrate (see migrate.log)")
    STACK.start_service("web")
    STACK.start_service("worker")
    STACK.start_service("beat")
    wait_until(compose_health_check_passes, 60, "the web container's health check passes")
    heartbeat.delay()  # rather than wait for beat's first one, a minute from now
    wait_until(lambda: http_status("/healthz") == 200, 60, "/healthz answers 200", every=1)
    print(f"web on 127.0.0.1:{WEB_PORT}: health checks pass")


def certificate_batch_data(newcomers: int = 15, buddies: int = 15) -> tuple[int, object]:
    """A cohort whose participants all completed it, and the coordinator who asks for the
    certificates. Returns (cohort pk, coordinator)."""
    with transaction.atomic():
        coordinator = UserFactory(full_name="Drill Coordinator", roles=[Role.COORDINATOR])
        cohort = CohortFactory()
        for _ in range(newcomers):
            enrol(cohort, role=Enrolment.Role.NEWCOMER)
        for _ in range(buddies):
            enrol(cohort, role=Enrolment.Role.BUDDY)
        Enrolment.objects.filter(cohort=cohort).update(status=Enrolment.Status.COMPLETED)
    return cohort.pk, coordinator


def request_certificates(cohort_pk: int, coordinator) -> Document:
    connections.close_all()
    return document_request(
        kind=COHORT_CERTIFICATES, parameters={"cohort": cohort_pk}, by=coordinator
    )


def wait_mid_render(job_pk: int) -> None:
    def rendering() -> bool:
        job = job_row(job_pk)
        return job.status == Job.Status.RUNNING and 0 < job.progress < 90

    wait_until(rendering, 60, f"job {job_pk} starts rendering", every=0.05)


def wait_done(job_pk: int, what: str) -> float:
    took = wait_until(lambda: job_row(job_pk).status == Job.Status.DONE, LIMIT, what)
    job = job_row(job_pk)
    print(f"  job {job_pk} done {took:.0f} s later; attempts to run: {job.runs}")
    return took


# --- The drills ----------------------------------------------------------------------------------


def drill_pool_process_killed(cohort_pk: int, coordinator) -> None:
    step("Drill 1: the pool processes killed (SIGKILL) mid-render of a certificate batch")
    before = pdfs_in_media()
    document = request_certificates(cohort_pk, coordinator)
    wait_mid_render(document.job_id)
    worker = STACK.processes["worker"]
    children = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True)
    for pid in children.stdout.split():
        os.kill(int(pid), signal.SIGKILL)
    progress = job_row(document.job_id).progress
    print(f"  killed pool processes {children.stdout.split()} at {progress} %")
    wait_done(document.job_id, "the certificates are done after the pool processes died")
    new = pdfs_in_media() - before
    if len(new) != 1:
        raise SystemExit(f"FAILED: expected exactly one new PDF, found {len(new)}")
    print("  exactly one PDF written")


def drill_worker_killed(cohort_pk: int, coordinator) -> None:
    step("Drill 2: the whole worker killed (as its container dies), a new one started")
    document = request_certificates(cohort_pk, coordinator)
    wait_mid_render(document.job_id)
    STACK.kill("worker")
    print(f"  worker killed at {job_row(document.job_id).progress} %")
    STACK.start_service("worker")
    wait_done(document.job_id, "the certificates are done after the worker died")


def drill_redis_lost_its_data() -> None:
    step("Drill 3: Redis restarted with its data lost while a job is queued")
    STACK.kill("worker", signal.SIGTERM)  # nobody takes the job: it stays in the queue
    connections.close_all()
    with transaction.atomic():
        job = job_enqueue(task="vvsite.tasks.diagnostic", kwargs={"steps": 2, "pause": 0.1})
    if job_row(job.pk).status != Job.Status.QUEUED:
        raise SystemExit(f"FAILED: the job should be queued, it is {job_row(job.pk).status}")
    STACK.kill("redis")
    shutil.rmtree(REDIS_DIR)
    wait_until(lambda: http_status("/healthz") == 503, 20, "/healthz answers 503 without Redis")
    print("  /healthz answers 503 while Redis is down")
    redis_start()
    STACK.start_service("worker")
    wait_done(job.pk, "the queued job is done after Redis returned empty")


def drill_postgres_restarted() -> None:
    step("Drill 4: Postgres restarted under the running web processes")
    web_pid = STACK.processes["web"].pid
    pg_ctl("-m", "fast", "-w", "stop")
    wait_until(lambda: http_status("/healthz/live") == 503, 20, "/healthz/live answers 503")
    if compose_health_check_passes():
        raise SystemExit("FAILED: the web health check passes with Postgres stopped")
    print("  /healthz/live answers 503 and the compose health check fails while Postgres is down")
    pg_ctl("-w", "start")

    def pages_answer() -> bool:
        return http_status("/inloggen/", via_proxy=True) == 200 and all(
            http_status(path) == 200 for path in ("/healthz/live", "/healthz")
        )

    took = wait_until(pages_answer, 10, "pages answer 200 again after Postgres returned", 0.2)
    if STACK.processes["web"].pid != web_pid or STACK.processes["web"].poll() is not None:
        raise SystemExit("FAILED: the web processes were restarted")
    print(f"  pages answer 200 again {took:.1f} s after Postgres returned, same web processes")


def show_logs() -> None:
    for log in sorted(WORK.glob("*.log")):
        lines = log.read_text(errors="replace").splitlines()[-25:]
        print(f"\n--- last lines of {log.name} ---", *lines, sep="\n")


def main() -> int:
    try:
        start_the_shape()
        step("A cohort of 30 who completed it, and their coordinator")
        cohort_pk, coordinator = certificate_batch_data()
        drill_pool_process_killed(cohort_pk, coordinator)
        drill_worker_killed(cohort_pk, coordinator)
        drill_redis_lost_its_data()
        drill_postgres_restarted()
    except BaseException:
        show_logs()
        raise
    finally:
        STACK.stop_all()
        connections.close_all()
        if PGDATA.exists():
            subprocess.run(
                [*AS_POSTGRES, "pg_ctl", "-D", str(PGDATA), "-m", "immediate", "stop"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        shutil.rmtree(WORK, ignore_errors=True)
    step("All drills passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
