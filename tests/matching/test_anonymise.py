"""Anonymising a person also blanks what matching noted about their pairs."""

import pytest

from matching.models import CheckIn, Match
from participants.models import Buddy, Newcomer
from participants.privacy import person_anonymise
from tests.matching.factories import CheckInFactory, ExclusionFactory, PairNoteFactory

pytestmark = pytest.mark.django_db


def test_notes_on_the_persons_pairs_are_erased_and_the_matches_stay():
    checkin = CheckInFactory(note="Lina vertelde over haar zorgen om haar broer.")
    match = checkin.match
    Match.objects.filter(pk=match.pk).update(
        status=Match.Status.ENDED,
        ended_on=match.proposed_on,
        end_reason="moved",
        end_note="Lina verhuist naar Zwolle.",
    )
    Newcomer.objects.filter(pk=match.newcomer_id).update(status=Newcomer.Status.COMPLETED)
    exclusion = ExclusionFactory(newcomer=match.newcomer)
    note = PairNoteFactory(newcomer=match.newcomer, text="Zelfde dorp van herkomst.")
    other = CheckInFactory(note="Gaat goed.")  # another pair keeps its notes

    person_anonymise(person=match.newcomer.person)

    match.refresh_from_db()
    assert match.end_note == ""
    assert match.status == Match.Status.ENDED
    assert CheckIn.objects.get(pk=checkin.pk).note == ""
    exclusion.refresh_from_db()
    note.refresh_from_db()
    assert "werk" not in exclusion.reason
    assert note.text == ""
    assert CheckIn.objects.get(pk=other.pk).note == "Gaat goed."
    assert Buddy.objects.filter(pk=match.buddy_id).exists()
