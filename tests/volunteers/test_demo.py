"""Demo data: a year of realistic hours for the demo volunteers."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from volunteers import selectors
from volunteers.models import HourEntry, VolunteerRole

pytestmark = pytest.mark.django_db


def test_demo_data_gives_the_demo_volunteers_a_year_of_mostly_approved_hours():
    call_command("demo_data", stdout=io.StringIO())
    statuses = dict(HourEntry.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses["approved"] > 10 * statuses["submitted"] > 0
    assert 0 < statuses["rejected"] < statuses["submitted"]
    roles = VolunteerRole.objects.filter(year=selectors.local_today().year)
    assert roles.filter(user__email="coach@demo.example", kind="coach").exists()
    assert roles.filter(user__email="vrijwilliger@demo.example", kind="buddy").exists()
    assert roles.count() >= 30
    assert HourEntry.objects.filter(volunteer__email="vrijwilliger@demo.example").exists()
    busiest = (
        HourEntry.objects.exclude(status="rejected")
        .values("volunteer", "date")
        .annotate(total=Sum("hours"))
        .order_by("-total")
        .first()
    )
    assert busiest["total"] <= 12
    summary = selectors.year_summary(selectors.local_today().year)
    assert summary.hours > 0 and summary.value == summary.hours * 11
