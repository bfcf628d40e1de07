from datetime import datetime

from celery import shared_task
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts.models import Session
from cohorts.services import notifications
from vvsite.jobs import job_task


@shared_task(name="cohorts.tasks.session_reminders_send", ignore_result=True)
def session_reminders_send() -> int:
    """Daily (Celery beat): remind everyone of tomorrow's sessions. Safe to run twice."""
    return notifications.reminders_send()


@job_task("cohorts.tasks.session_change_notify")
def session_change_notify(job, progress) -> str:
    """E-mail the people concerned that a session moved or was cancelled."""
    session = (
        Session.objects.select_related("cohort", "group").filter(pk=job.kwargs["session"]).first()
    )
    if session is None:
        return _("The session no longer exists; nobody was told.")
    previous = job.kwargs.get("previous_start") or ""
    count = notifications.session_change_notify(
        session=session,
        change=job.kwargs.get("change", "moved"),
        previous_start=datetime.fromisoformat(previous) if previous else None,
        previous_location=job.kwargs.get("previous_location", ""),
    )
    return ngettext("%(count)s person told.", "%(count)s people told.", count) % {"count": count}
