"""The demo data gives the dashboard and the annual report something to show for three years."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from reporting.dashboard import latest_snapshot, snapshot_figures, targets_for

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 10, 1, 12), tick=False)
def test_the_last_three_years_have_cohorts_participants_hours_results_and_targets():
    call_command("demo_data", stdout=io.StringIO())
    this_year = timezone.localdate().year
    years = [this_year - 2, this_year - 1, this_year]
    by_year = snapshot_figures(latest_snapshot(), None)
    targets = targets_for(years, None)

    for year in years:
        figures = by_year[year]
        assert figures["cohorts_started"] >= 1, year
        assert figures["newcomers"] >= 20, year
        assert figures["buddies"] >= 20, year
        assert figures["hours"] >= 1000, year
        assert figures["evaluations"] >= 5, year
        assert figures["eval:dutch_improved"] is not None, year
        assert figures["health_pairs"] >= 5, year
        assert figures["registrations"] >= 5, year
        assert targets[year]["newcomers"] > 0, year
