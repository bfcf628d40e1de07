"""What matching erases when a person is anonymised (``participants.privacy``)."""

from django.db.models import Q

from matching.models import CheckIn, Exclusion, Match, PairNote


def anonymise(person) -> None:
    """Blank the free text matching keeps about ``person``'s pairs and forget its history;
    matches, their dates, statuses and scores stay for the figures."""
    pairs = Q(newcomer_id=person.pk) | Q(buddy_id=person.pk)
    matches = Match.objects.filter(pairs)
    matches.update(end_note="")
    CheckIn.objects.filter(match__in=matches).update(note="")
    Exclusion.objects.filter(pairs).update(reason="–")
    PairNote.objects.filter(pairs).update(text="")
    for model, lookup in (
        (Match, {"id__in": list(matches.values_list("pk", flat=True))}),
        (CheckIn, {"match_id__in": list(matches.values_list("pk", flat=True))}),
    ):
        if hasattr(model, "history"):
            model.history.filter(**lookup).delete()
