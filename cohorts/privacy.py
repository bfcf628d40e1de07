"""What the cohorts app erases when a person is anonymised (``participants.privacy``)."""

from django.utils import timezone

from cohorts.models import CalendarFeed, Enrolment


def anonymise(person) -> None:
    """Blank the notes on the person's enrolments (growth notes and why they left), forget
    their history and revoke their calendar feeds; enrolments and attendance stay for the
    figures."""
    enrolments = Enrolment.objects.filter(person=person)
    enrolments.update(leave_note="", growth_notes={})
    Enrolment.history.filter(person_id=person.pk).delete()
    CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
