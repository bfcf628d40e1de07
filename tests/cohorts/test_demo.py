"""The demo data: cohorts 11 and 12 completed, 13 running with the demo coach's group and its
attendance, 14 recruiting; consistent with the newcomers' statuses, and quick to load."""

import random
import time

import pytest

from cohorts import demo, selectors
from cohorts.models import Attendance, CoachGroup, Cohort, Enrolment, Session
from participants import demo as participants_demo
from vvsite import demo as vvsite_demo
from vvsite.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_cohorts_match_the_people_and_load_quickly():
    quiet = lambda text: None  # noqa: E731
    vvsite_demo.populate(rng=random.Random(2026), log=quiet)
    participants_demo.populate(rng=random.Random(2026), log=quiet)
    started = time.monotonic()

    demo.populate(rng=random.Random(2026), log=quiet)

    assert time.monotonic() - started < 10
    statuses = dict(Cohort.objects.values_list("number", "status"))
    assert statuses == {
        11: "completed",
        12: "completed",
        13: "running",
        14: "recruiting",
        15: "planned",
    }
    for number, newcomer_status in (
        (11, "completed"),
        (12, "completed"),
        (13, "active"),
        (14, "placed"),
    ):
        taking_part = Enrolment.objects.filter(cohort__number=number, role="newcomer").exclude(
            status="left"
        )
        assert taking_part.exists()
        assert set(taking_part.values_list("person__newcomer__status", flat=True)) == {
            newcomer_status
        }
    assert not Enrolment.objects.filter(cohort__status="completed", status="enrolled").exists()
    left = Enrolment.objects.filter(status="left")
    assert left.exists() and set(left.values_list("person__newcomer__status", flat=True)) == {
        "stopped"
    }

    coach = User.objects.get(email="coach@demo.example")
    [entry] = selectors.my_groups(coach)
    assert entry["group"].cohort.number == 13
    assert entry["newcomers"] and entry["buddies"] and entry["sessions"]
    assert CoachGroup.objects.filter(cohort__number=13, expert__isnull=False).count() == 3

    volunteer = User.objects.get(email="vrijwilliger@demo.example")
    own = selectors.sessions_of(volunteer)
    assert own.filter(kind="praathuis", is_leader=True).exists()
    assert own.filter(cohort__number=13, group__isnull=False).exists()

    running = Cohort.objects.get(number=13)
    assert Attendance.objects.filter(session__cohort=running).exists()
    assert len(selectors.cohort_overview(running).flagged) == 1
    assert Session.objects.filter(cohort=running, status="cancelled").count() == 1
    assert Enrolment.objects.filter(cohort__number=11).exclude(growth_notes={}).exists()
