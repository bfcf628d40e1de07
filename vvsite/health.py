"""Checks behind /healthz: the database, the Celery broker and a worker heartbeat.

``/healthz`` (everything) and ``/healthz/live`` (the database: this web process can serve
pages) answer 200 when all is well and 503 Service Unavailable otherwise, what load balancers
and orchestrators read as "take me out of rotation".
"""

import dataclasses
import datetime

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView

from vvsite.celery import app
from vvsite.jobs import BROKER_ERRORS
from vvsite.models import WorkerHeartbeat


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker answers (or tasks run in-process when none is configured)."""

    timeout = datetime.timedelta(seconds=2)

    def run(self) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return  # no broker configured: tasks run in-process

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=1)
        except BROKER_ERRORS as exc:
            raise ServiceUnavailable("Broker unreachable") from exc


@dataclasses.dataclass
class WorkerHeartbeatCheck(HealthCheck):
    """A Celery worker ran the heartbeat task recently."""

    def run(self) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return  # no worker needed: tasks run in-process
        last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
        seen_at = last.first()
        if seen_at is None:
            raise ServiceWarning("No worker heartbeat yet")
        if timezone.now() - seen_at > settings.WORKER_HEARTBEAT_MAX_AGE:
            raise ServiceUnavailable("Worker heartbeat is stale")


class HealthView(HealthCheckView):
    """django-health-check's view, answering 503 instead of 500 when a check fails."""

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response
