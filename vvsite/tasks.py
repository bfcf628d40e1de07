import socket
import time

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from vvsite import services
from vvsite.jobs import job_task, jobs_resend
from vvsite.models import WorkerHeartbeat


@shared_task(name="vvsite.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Written every minute by each worker (Celery beat); /healthz reads it."""
    WorkerHeartbeat.objects.update_or_create(
        worker=socket.gethostname(), defaults={"seen_at": timezone.now()}
    )


@shared_task(name="vvsite.tasks.jobs_resend_pending", ignore_result=True)
def jobs_resend_pending() -> int:
    return jobs_resend()


@job_task("vvsite.tasks.diagnostic")
def diagnostic(job, progress) -> str:
    """A harmless job administrators start to see the queue, a worker and the database at work."""
    steps = int(job.kwargs.get("steps", 4))
    for step in range(steps):
        progress(
            int(100 * step / steps), _("Step %(n)s of %(total)s") % {"n": step + 1, "total": steps}
        )
        time.sleep(float(job.kwargs.get("pause", 0.25)))
    users = get_user_model().objects.count()
    return _("Worker %(host)s reached the database (%(users)s accounts).") % {
        "host": socket.gethostname(),
        "users": users,
    }


@job_task("vvsite.tasks.invitation_mail")
def invitation_mail(job, progress) -> str:
    """The e-mail with the link to choose a password; safe to run twice (the job claims once)."""
    if services.invitation_mail_send(invitation_pk=job.kwargs["invitation"]):
        return _("The invitation has been sent.")
    return _("The invitation was withdrawn before it was sent.")


@job_task("vvsite.tasks.password_reset_mail")
def password_reset_mail(job, progress) -> str:
    services.password_reset_mail_send(user_pk=job.kwargs["user"])
    return _("Done.")
