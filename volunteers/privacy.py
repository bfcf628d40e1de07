"""What the hours app erases when a person is anonymised (``participants.privacy``)."""

from django.db.models import Q

from volunteers.models import HourEntry, HourSuggestion


def anonymise(person) -> None:
    """Blank the notes on the hours of the person's login; the hours themselves stay, they
    count in the yearly volunteer figures."""
    if person.user_id is None:
        return
    entries = HourEntry.objects.filter(volunteer_id=person.user_id)
    entries.update(note="")
    entries.filter(~Q(rejection_reason="")).update(rejection_reason="–")
    HourSuggestion.objects.filter(volunteer_id=person.user_id).update(note="")
    if hasattr(HourEntry, "history"):
        HourEntry.history.filter(volunteer_id=person.user_id).delete()
