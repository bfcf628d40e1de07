"""Match figures: counted by when the matches were active."""

from datetime import date

import pytest

from matching.models import Match
from reporting import match_kpis
from tests.reporting import world

pytestmark = pytest.mark.django_db


def test_matches_are_counted_by_when_they_were_active():
    assen, tynaarlo = world.place("Assen"), world.place("Tynaarlo")
    group = world.cohort(date(2024, 9, 1), date(2025, 8, 31), municipality="Tynaarlo")

    def match(start, end=None, *, cohort=None, status=None):
        newcomer, buddy = world.newcomer(), world.buddy()
        fields = {"introduced_on": start, "started_on": start, "proposed_on": start}
        if end:
            fields.update(ended_on=end, end_reason="completed", status="ended")
        else:
            fields["status"] = status or "active"
        return Match.objects.create(newcomer=newcomer, buddy=buddy, cohort=cohort, **fields)

    match(date(2023, 5, 1), date(2024, 2, 1))  # active in 2023 and 2024
    match(date(2024, 10, 1), cohort=group)  # still active, in a Tynaarlo cohort
    match(date(2025, 3, 1), date(2025, 9, 1))  # loose, in 2025 only
    Match.objects.create(
        newcomer=world.newcomer(), buddy=world.buddy(), proposed_on=date(2025, 1, 1)
    )  # proposed, never active: not counted

    figures = match_kpis.match_kpis([2023, 2024, 2025])

    assert figures[(2023, None)] == {
        "matches_active": 1,
        "matches_new": 1,
        "matches_loose": 1,
        "matches_total": 1,
    }
    assert figures[(2024, None)]["matches_active"] == 2
    assert figures[(2024, None)]["matches_new"] == 1
    assert figures[(2024, None)]["matches_loose"] == 0
    assert figures[(2025, None)]["matches_active"] == 2
    assert figures[(2025, None)]["matches_total"] == 3
    assert figures[(2024, tynaarlo.pk)]["matches_active"] == 1  # the cohort's municipality
    assert figures[(2025, assen.pk)]["matches_new"] == 1  # where the newcomer lives
