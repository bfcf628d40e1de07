"""The matching demo data: consistent with its rules, whatever cohorts the earlier demo made."""

import random
import time
from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from matching import demo
from matching.models import OPEN_STATUSES, CheckIn, Match
from matching.selectors import matches_needing_checkin
from participants import demo as participants_demo
from participants.models import Buddy, Newcomer
from tests.cohorts.factories import ProgrammeFactory
from vvsite import demo as vvsite_demo

pytestmark = pytest.mark.django_db


def _people():
    rng = random.Random(3)
    vvsite_demo.populate(rng=rng, log=lambda text: None)
    participants_demo.populate(rng=rng, log=lambda text: None)


def _cohorts():
    """What a cohorts demo might make: a completed, a running and a recruiting cohort."""
    from participants.models import Municipality

    today = timezone.localdate()
    assen = Municipality.objects.get(name="Assen")
    plan = [
        (Cohort.Status.COMPLETED, NS_COMPLETED, -700, -150),
        (Cohort.Status.RUNNING, NS_ACTIVE, -120, 300),
        (Cohort.Status.RECRUITING, NS_PLACED, 20, 400),
    ]
    taken = set()
    for number, (status, newcomer_status, start, end) in enumerate(plan, start=1):
        cohort = Cohort.objects.create(
            number=number,
            programme=ProgrammeFactory(),
            municipality=assen,
            start_date=today + timedelta(days=start),
            end_date=today + timedelta(days=end),
            status=status,
        )
        newcomers = list(
            Newcomer.objects.filter(status=newcomer_status)
            .exclude(pk__in=taken)
            .order_by("pk")[:12]
        )
        taken.update(n.pk for n in newcomers)
        buddies = list(
            Buddy.objects.filter(status__in=["available", "matched"])
            .exclude(pk__in=taken)
            .order_by("pk")[:12]
        )
        for role, people in ((Enrolment.Role.NEWCOMER, newcomers), (Enrolment.Role.BUDDY, buddies)):
            for slot, profile in enumerate(people, start=1):
                taken.add(profile.pk)
                Enrolment.objects.create(
                    cohort=cohort,
                    person_id=profile.pk,
                    role=role,
                    slot=slot,
                    capacity=15,
                    status="completed" if status == Cohort.Status.COMPLETED else "enrolled",
                )


NS_COMPLETED, NS_ACTIVE, NS_PLACED = "completed", "active", "placed"


def _check_consistency():
    today = timezone.localdate()
    assert Match.objects.count() > 200  # the programme passed its 200th match
    # One open match per newcomer; no buddy above their maximum.
    assert not (
        Match.objects.filter(status__in=OPEN_STATUSES)
        .values("newcomer")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    over = Buddy.objects.annotate(
        n=Count("matches", filter=Q(matches__status__in=OPEN_STATUSES))
    ).filter(n__gt=models_F("max_active_matches"))
    assert not over.exists()
    assert not Match.objects.filter(
        Q(proposed_on__gt=today) | Q(started_on__gt=today) | Q(ended_on__gt=today)
    ).exists()
    # The demo volunteer's buddy profile has an active match; matched means an active match.
    volunteer = Buddy.objects.get(person__user__email="vrijwilliger@demo.example")
    assert volunteer.matches.filter(status="active").exists()
    assert volunteer.status == "matched"
    for buddy in Buddy.objects.filter(status="matched"):
        assert buddy.matches.filter(status="active").exists(), buddy
    # Some ended and were matched again; loose matches; check-ins; some overdue.
    rematched = Match.objects.values("newcomer").annotate(n=Count("pk")).filter(n__gt=1).count()
    assert rematched >= 5
    assert Match.objects.filter(cohort__isnull=True, status__in=OPEN_STATUSES).exists()
    assert CheckIn.objects.count() > 50
    assert matches_needing_checkin(None).exists()
    assert set(Match.objects.values_list("status", flat=True)) == set(Match.Status.values)
    assert Match.history.count() == Match.objects.count()


def models_F(name):
    from django.db.models import F

    return F(name)


def test_the_demo_matches_cohorts_and_people_quickly_and_consistently():
    _people()
    _cohorts()
    started = time.monotonic()
    demo.populate(rng=random.Random(5), log=lambda text: None)
    assert time.monotonic() - started < 10
    _check_consistency()
    completed, running, recruiting = Cohort.objects.order_by("number")
    assert set(completed.matches.values_list("end_reason", flat=True)) == {"completed"}
    assert running.matches.filter(status="active").count() >= 8
    assert not recruiting.matches.exists()  # left for the coordinator's proposal


def test_the_demo_also_works_without_any_cohort():
    _people()
    demo.populate(rng=random.Random(5), log=lambda text: None)
    _check_consistency()
