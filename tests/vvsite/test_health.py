"""/healthz reports the database, the broker and the worker heartbeat."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django.utils import timezone

from vvsite.models import WorkerHeartbeat

# The health checks run in worker threads, which only see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def _health(client):
    response = client.get(reverse("healthz"), {"format": "json"})
    return response.status_code, response.json()


def test_without_a_broker_tasks_run_in_process_and_all_is_well(client):
    status, checks = _health(client)
    assert status == 200
    assert set(checks) == {"Database(alias='default')", "Broker()", "WorkerHeartbeatCheck()"}
    assert set(checks.values()) == {"OK"}


def test_an_unreachable_broker_is_reported(client, use_broker, closed_port):
    use_broker(f"redis://127.0.0.1:{closed_port}/0")
    WorkerHeartbeat.objects.create(worker="w1", seen_at=timezone.now())
    status, checks = _health(client)
    assert status == 503
    assert checks["Broker()"] != "OK"
    assert checks["WorkerHeartbeatCheck()"] == "OK"


def test_a_stale_worker_heartbeat_is_reported(client, use_broker, settings):
    use_broker("memory://")
    WorkerHeartbeat.objects.create(
        worker="w1",
        seen_at=timezone.now() - settings.WORKER_HEARTBEAT_MAX_AGE - timedelta(seconds=5),
    )
    status, checks = _health(client)
    assert status == 503
    assert "stale" in checks["WorkerHeartbeatCheck()"]


def test_the_liveness_check_only_needs_the_database(client, use_broker, closed_port):
    use_broker(f"redis://127.0.0.1:{closed_port}/0")
    response = client.get(reverse("healthz_live"), {"format": "json"})
    assert response.status_code == 200


def test_pages_still_load_when_the_broker_is_down(
    volunteer_client, client, use_broker, closed_port
):
    use_broker(f"redis://127.0.0.1:{closed_port}/0")
    assert volunteer_client.get(reverse("home")).status_code == 200
    assert client.get(reverse("login")).status_code == 200


def test_a_database_that_is_down_makes_both_checks_answer_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    monkeypatch.setattr(BaseDatabaseWrapper, "temporary_connection", refuse)
    for name in ("healthz", "healthz_live"):
        response = client.get(reverse(name), {"format": "json"})
        assert response.status_code == 503, name
        assert response.json()["Database(alias='default')"] != "OK"
