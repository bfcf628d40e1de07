"""Fixtures for tests that talk to a broker: a chosen broker URL, a dead or silent one, and a
real Celery worker thread on Redis. Loaded for every test by tests/conftest.py."""

import contextlib
import os
import socket
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from kombu import pools
from zeal import zeal_ignore

from vvsite.celery import app as celery_app


def _reset_connections() -> None:
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def use_broker(settings):
    """Point Celery at a broker URL for one test, with tasks really published (not eager)."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    saved_eager_setting = settings.CELERY_TASK_ALWAYS_EAGER

    def use(url: str) -> None:
        _reset_connections()
        celery_app.conf.broker_url = url
        celery_app.conf.task_always_eager = False
        settings.CELERY_TASK_ALWAYS_EAGER = False

    yield use
    _reset_connections()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    settings.CELERY_TASK_ALWAYS_EAGER = saved_eager_setting


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers: a hung broker."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                accepted.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def closed_port():
    """A local port nobody listens on: a broker that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def worker(use_broker):
    """A Celery worker thread on the real Redis (REDIS_URL: a database of the test run's own)."""
    use_broker(os.environ["REDIS_URL"])
    celery_app.control.purge()  # leftovers of an interrupted earlier run
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def wait_for(predicate, timeout: float = 20.0) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` seconds pass (work done by a worker).
    Reading the same row again while a worker changes it is waiting, not an N+1: zeal is told."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with zeal_ignore():
            if predicate():
                return True
        time.sleep(0.1)
    return False


def wait_for_job(pk: int, timeout: float = 60.0):
    """Job ``pk`` once a worker has finished it (done or failed)."""
    from vvsite.models import Job

    finished = wait_for(lambda: not Job.objects.get(pk=pk).is_active, timeout)
    job = Job.objects.get(pk=pk)
    assert finished, f"job {pk} still {job.status} after {timeout} s"
    return job
