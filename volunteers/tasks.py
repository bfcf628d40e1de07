from celery import shared_task

from volunteers import services
from volunteers.suggestions import suggestions_collect


@shared_task(name="volunteers.tasks.hours_send_reminders", ignore_result=True)
def hours_send_reminders() -> int:
    """Monthly (Celery beat): remind volunteers who logged nothing last month. Safe to run twice."""
    return services.reminders_send()


@shared_task(name="volunteers.tasks.hours_collect_suggestions", ignore_result=True)
def hours_collect_suggestions() -> int:
    """Daily (Celery beat): store suggested hours from the registered sources."""
    return suggestions_collect()
