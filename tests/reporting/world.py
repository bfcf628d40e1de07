"""Small builders for the key-figure tests: cohorts with enrolments, hours, evaluations,
assessments and status histories on chosen dates. Rows are written directly (the rules of the
other apps' services are not what these tests are about), with the database's own constraints."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from participants.models import (
    Evaluation,
    HealthAssessment,
    Municipality,
    StatusChange,
)
from tests.cohorts.factories import ProgrammeFactory
from tests.factories import looked_up
from tests.participants.factories import BuddyFactory, NewcomerFactory, PersonFactory
from volunteers.models import HourEntry

_numbers = itertools.count(500)


def place(name: str = "Assen") -> Municipality:
    from participants.places import places_ensure

    places_ensure()
    return looked_up(Municipality, name=name)


def cohort(start: date, end: date, *, municipality: str = "Assen", **fields) -> Cohort:
    status = fields.pop("status", Cohort.Status.RUNNING)
    return Cohort.objects.create(
        number=next(_numbers),
        programme=ProgrammeFactory(),
        municipality=place(municipality),
        start_date=start,
        end_date=end,
        status=status,
        **fields,
    )


def enrol(
    group: Cohort,
    person,
    role: str = Enrolment.Role.NEWCOMER,
    *,
    status: str = Enrolment.Status.ENROLLED,
    ended_on: date | None = None,
    reason: str = "",
) -> Enrolment:
    person = getattr(person, "person", person)
    left = status == Enrolment.Status.LEFT
    taken = Enrolment.objects.filter(cohort=group, role=role, slot__isnull=False).count()
    return Enrolment.objects.create(
        cohort=group,
        person=person,
        role=role,
        status=status,
        slot=None if left else taken + 1,
        capacity=group.capacity_for(role),
        ended_on=ended_on,
        leave_reason=reason or ("other" if left else ""),
    )


def newcomer(municipality: str = "Assen", **fields):
    person_fields = {
        key.removeprefix("person__"): fields.pop(key)
        for key in list(fields)
        if key.startswith("person__")
    }
    person = PersonFactory(municipality=place(municipality), **person_fields)
    return NewcomerFactory(person=person, **fields)


def buddy(municipality: str = "Assen", **fields):
    return BuddyFactory(person=PersonFactory(municipality=place(municipality)), **fields)


def hours(user, day: date, amount: str, *, status: str = HourEntry.Status.APPROVED, role="buddy"):
    return HourEntry.objects.create(
        volunteer=user,
        date=day,
        hours=Decimal(amount),
        activity="buddy_contact",
        role_kind=role,
        status=status,
        rejection_reason="dubbel" if status == HourEntry.Status.REJECTED else "",
    )


def moment(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def status_change(profile, to: str, day: date, *, before: str = "") -> StatusChange:
    return StatusChange.objects.create(
        person=profile.person, profile="newcomer", from_status=before, to_status=to, at=moment(day)
    )


def assessment(profile, moment_: str, day: date, score: int = 5, **scores) -> HealthAssessment:
    values = dict.fromkeys(
        ("body", "mind", "meaning", "quality_of_life", "participation", "daily_functioning"), score
    )
    values.update(scores)
    return HealthAssessment.objects.create(
        person=profile.person, moment=moment_, assessed_on=day, **values
    )


def evaluation(profile, day: date, **answers) -> Evaluation:
    return Evaluation.objects.create(person=profile.person, evaluated_on=day, **answers)
