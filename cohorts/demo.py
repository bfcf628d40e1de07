"""Demo data for cohorts: cohorts 11 and 12 completed, 13 running, 14 recruiting and a 6-week
group (15) planned, with coach groups, sessions from their programmes (school holidays skipped),
attendance for the past sessions, growth notes for the completed, and a weekly Praathuis.

The people are those of ``participants.demo``: completed newcomers took part in 11 and 12, active
ones are in 13, placed ones in 14. The demo coach leads a group in 13, the demo volunteer is a
buddy in it and hosts the Praathuis. Rows are written in bulk, so it takes a second or two.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db.models import prefetch_related_objects
from django.utils import timezone

from cohorts.models import (
    Attendance,
    CoachGroup,
    Cohort,
    Enrolment,
    Programme,
    Session,
    SessionLeader,
)
from cohorts.programmes import programmes_ensure
from cohorts.scheduling import local_span, monday_of
from cohorts.services.groups import group_create
from cohorts.services.lifecycle import cohort_create
from cohorts.services.schedule import PlanLine, school_holidays_add, sessions_generate
from cohorts.services.sessions import session_cancel
from participants.models import Municipality, Newcomer, Organisation, Person

CLASSIC, SIX_MONTHS = "Maatjesprogramma 18 maanden", "Maatjesprogramma 6 maanden"
VARIIS = "VARIIS-groep 6 weken"
LOCATIONS = ["Buurthuis De Kolk", "Wijkcentrum Peelo", "Bibliotheek Brink & Boek, zaal 2"]
PRAATHUIS_PLACE = "Bibliotheek Brink & Boek"
GROWTH = {
    "language": [
        "Durft nu in het Nederlands te bellen met school en de huisarts.",
        "Spreekt in de groep steeds vaker Nederlands en vraagt door als iets niet duidelijk is.",
        "Heeft het A2-examen gehaald en leest samen met het maatje de krant.",
    ],
    "culture": [
        "Weet nu hoe afspraken maken hier werkt en zegt op tijd af.",
        "Vierde Sinterklaas mee bij het maatje thuis en vertelde in de groep over het Suikerfeest.",
    ],
    "social_contacts": [
        "Heeft vriendschappen in de coachgroep en groet buren op straat.",
        "Gaat wekelijks naar het Praathuis en neemt daar anderen mee.",
    ],
    "health": [
        "Wandelt elke week met het maatje en slaapt beter.",
        "Is lid geworden van een sportclub in de wijk.",
    ],
    "work": [
        "Loopt stage in de zorg en wil daarna de opleiding volgen.",
        "Doet vrijwilligerswerk bij de voedselbank als opstap naar werk.",
        "Heeft een sollicitatiegesprek gehad bij een bouwbedrijf.",
    ],
}


def _season(day: date) -> str:
    return f"{'Voorjaar' if day.month < 7 else 'Najaar'} {day.year}"


def populate(*, rng, log) -> None:
    programmes_ensure()
    today = timezone.localdate()
    assen = Municipality.objects.filter(name="Assen").first()
    if assen is None:
        return
    coach_person = Person.objects.filter(user__email="coach@demo.example").first()
    volunteer_person = Person.objects.filter(user__email="vrijwilliger@demo.example").first()
    plans = [
        # number, programme, start, status at the end
        (11, CLASSIC, monday_of(today - timedelta(days=1000)), Cohort.Status.COMPLETED),
        (12, SIX_MONTHS, monday_of(today - timedelta(days=400)), Cohort.Status.COMPLETED),
        (13, SIX_MONTHS, monday_of(today - timedelta(days=63)), Cohort.Status.RUNNING),
        (14, SIX_MONTHS, monday_of(today + timedelta(days=77)), Cohort.Status.RECRUITING),
        (15, VARIIS, monday_of(today + timedelta(days=120)), Cohort.Status.PLANNED),
    ]
    people, pools = _cast(volunteer_person)
    cohorts, created = _cohorts(plans, people, assen)
    sessions = 0
    prefetch_related_objects([cohorts[number] for number in (11, 12, 13)], "programme__plan")
    for number in (11, 12, 13):
        cohort = cohorts[number]
        leaders = _leaders(number, *pools, coach_person)
        groups = _groups(cohort, leaders)
        _divide(cohort, groups)
        school_holidays_add(cohort=cohort)
        lines = [PlanLine.from_plan(item, cohort) for item in cohort.programme.plan.all()]
        sessions += len(sessions_generate(cohort=cohort, lines=lines, confirm=True))
        _attendance(rng, cohort, drifting=number == 13, completed=number != 13)
    _cancel_one(cohorts[13])
    sessions += _praathuis(rng, volunteer_person, today)
    for number, _programme, _start, status in plans:
        Cohort.objects.filter(pk=cohorts[number].pk).update(status=status)
    log(
        f"{len(cohorts)} cohorts, {len(created)} enrolments, "
        f"{CoachGroup.objects.count()} coach groups, {sessions} sessions, "
        f"{Attendance.objects.count()} attendance records"
    )


def _cast(volunteer_person):
    """Who takes part in which cohort (taking part, left, buddies), and the pools of coaches,
    assistant coaches and experienced experts."""

    def newcomers(status: str) -> list[Newcomer]:
        return list(
            Newcomer.objects.filter(status=status)
            .select_related("person")
            .order_by("registered_on", "pk")
        )

    def buddies(status: str) -> list[Person]:
        return list(
            Person.objects.filter(buddy__status=status, newcomer__isnull=True)
            .exclude(user__isnull=False)
            .order_by("registered_on", "pk")
        )

    completed, active, placed = newcomers("completed"), newcomers("active"), newcomers("placed")
    stopped = newcomers("stopped")
    matched, available, inactive = buddies("matched"), buddies("available"), buddies("inactive")
    former = list(  # completed newcomers who now volunteer: the experienced experts
        Person.objects.filter(newcomer__status="completed", buddy__isnull=False).order_by("pk")
    )
    coaches = inactive[:8]  # buddies of earlier years who became coaches
    assistants = inactive[8:16]
    half = len(completed) // 2
    people = {
        11: (completed[:half], stopped[:2], available[:12]),
        12: (completed[half:], stopped[2:4], available[12:24]),
        13: (
            active[:14],
            stopped[4:5],
            ([volunteer_person] if volunteer_person else []) + matched[:14],
        ),
        14: (placed[:15], [], available[24:30]),
        15: ([], [], []),  # planned: the waiting list is still waiting
    }
    return people, (coaches, assistants, former)


def _cohorts(plans, people, municipality) -> tuple[dict[int, Cohort], list[Enrolment]]:
    """The cohorts of ``plans`` with their participants; returns them by number, and the
    enrolments made."""
    programmes = {p.name: p for p in Programme.objects.all()}
    funder = Organisation.objects.filter(is_funder=True).order_by("name").first()
    cohorts, enrolments = {}, []
    for number, programme_name, start, status in plans:
        cohort = cohort_create(
            fields={
                "number": number,
                "name": _season(start),
                "programme": programmes[programme_name],
                "municipality": municipality,
                "start_date": start,
                "funder": funder if number == 13 else None,
                "project": "Bartjes Doorbreken Bubbels" if number == 13 else "",
                "status": Cohort.Status.RECRUITING,
            }
        )
        cohorts[number] = cohort
        taking_part, left, cohort_buddies = people[number]
        enrolments += _enrolments(cohort, status, taking_part, left, cohort_buddies)
    created = Enrolment.objects.bulk_create(enrolments)
    Enrolment.history.bulk_history_create(created)
    return cohorts, created


def _enrolments(cohort, status, newcomers, left, buddy_people) -> list[Enrolment]:
    done = status == Cohort.Status.COMPLETED
    ended = cohort.end_date if done else None
    enrolled_on = cohort.start_date - timedelta(days=14)
    rows = []
    for slot, newcomer in enumerate(newcomers, start=1):
        rows.append(
            Enrolment(
                cohort=cohort,
                person=newcomer.person,
                role=Enrolment.Role.NEWCOMER,
                status=Enrolment.Status.COMPLETED if done else Enrolment.Status.ENROLLED,
                slot=slot,
                capacity=cohort.newcomer_capacity,
                enrolled_on=enrolled_on,
                ended_on=ended,
            )
        )
    for newcomer in left:
        rows.append(
            Enrolment(
                cohort=cohort,
                person=newcomer.person,
                role=Enrolment.Role.NEWCOMER,
                status=Enrolment.Status.LEFT,
                slot=None,
                capacity=cohort.newcomer_capacity,
                enrolled_on=enrolled_on,
                ended_on=min(cohort.start_date + timedelta(weeks=7), timezone.localdate()),
                leave_reason=newcomer.stop_reason or "other",
            )
        )
    for slot, person in enumerate(buddy_people, start=1):
        rows.append(
            Enrolment(
                cohort=cohort,
                person=person,
                role=Enrolment.Role.BUDDY,
                status=Enrolment.Status.COMPLETED if done else Enrolment.Status.ENROLLED,
                slot=slot,
                capacity=cohort.buddy_capacity,
                enrolled_on=enrolled_on,
                ended_on=ended,
            )
        )
    return rows


def _leaders(number, coaches, assistants, former, coach_person) -> list[tuple]:
    """(coach, assistant, expert) for three groups; the demo coach leads a group in 12 and 13,
    former newcomers are the experienced experts in 13."""
    offset = {11: 0, 12: 3, 13: 5}[number]
    picked = coaches[offset : offset + 3]
    if coach_person is not None and number in (12, 13):
        picked = [coach_person, *picked[:2]]
    helpers = [*assistants[offset : offset + 3], None, None, None]
    experts = [*former[:3], None, None, None] if number == 13 else [None, None, None]
    return [(coach, helpers[n], experts[n]) for n, coach in enumerate(picked)]


def _groups(cohort, leaders) -> list[CoachGroup]:
    groups = []
    for n, (coach, assistant, expert) in enumerate(leaders, start=1):
        groups.append(
            group_create(
                cohort=cohort,
                fields={
                    "name": f"Groep {n}",
                    "coach": coach,
                    "assistant_coach": assistant,
                    "expert": expert,
                    "location": LOCATIONS[(n - 1) % len(LOCATIONS)],
                },
            )
        )
    return groups


def _divide(cohort, groups) -> None:
    members = list(cohort.enrolments.order_by("role", "pk"))
    for n, enrolment in enumerate(members):
        enrolment.group = groups[n % len(groups)]
    Enrolment.objects.bulk_update(members, ["group"])


def _expected(session, enrolments) -> list[Enrolment]:
    role = {"newcomers": "newcomer", "buddies": "buddy"}.get(session.audience)
    return [
        e
        for e in enrolments
        if (session.group_id is None or e.group_id == session.group_id)
        and (role is None or e.role == role)
        and not (
            e.status == Enrolment.Status.LEFT and timezone.localdate(session.starts_at) > e.ended_on
        )
    ]


def _attendance(rng, cohort, *, drifting: bool, completed: bool) -> None:
    """Records for the sessions that took place. Who left missed their last weeks first; in the
    running cohort one newcomer missed their last three sessions (the overview flags them)."""
    enrolments = list(cohort.enrolments.all())
    past = list(
        cohort.sessions.filter(ends_at__lt=timezone.now(), status=Session.Status.PLANNED).order_by(
            "starts_at"
        )
    )
    expected = {session.pk: _expected(session, enrolments) for session in past}
    newcomers = [e for e in enrolments if e.role == Enrolment.Role.NEWCOMER]
    flagged = newcomers[1] if drifting and len(newcomers) > 1 else None
    # ``past`` is in time order: the flagged newcomer's last three sessions.
    flagged_missed = set([s.pk for s in past if flagged in expected[s.pk]][-3:])
    records = []
    for session in past:
        day = timezone.localdate(session.starts_at)
        for enrolment in expected[session.pk]:
            if enrolment.status == Enrolment.Status.LEFT and day > enrolment.ended_on - timedelta(
                weeks=5
            ):
                status = "absent"
            elif enrolment is flagged and session.pk in flagged_missed:
                status = rng.choice(["absent", "absent", "excused"])
            else:
                status = rng.choices(["present", "excused", "absent"], weights=[84, 10, 6])[0]
            records.append(
                Attendance(
                    session=session, enrolment=enrolment, status=status, recorded_at=session.ends_at
                )
            )
    Attendance.objects.bulk_create(records, batch_size=1000)
    if completed:
        noted = []
        for enrolment in enrolments:
            if enrolment.status == Enrolment.Status.COMPLETED and rng.random() < 0.8:
                enrolment.growth_notes = {
                    key: rng.choice(options)
                    for key, options in GROWTH.items()
                    if rng.random() < 0.8
                }
                noted.append(enrolment)
        Enrolment.objects.bulk_update(noted, ["growth_notes"])


def _cancel_one(cohort) -> None:
    coming = cohort.sessions.filter(
        kind=Session.Kind.COACH_GROUP, starts_at__gt=timezone.now() + timedelta(days=10)
    ).first()
    if coming is not None:
        session_cancel(
            session=coming, reason="De zaal is die avond niet beschikbaar.", notify=False
        )


def _praathuis(rng, host, today) -> int:
    """A Praathuis every Wednesday evening: ten weeks back and six ahead, with head counts."""
    wednesday = monday_of(today) + timedelta(days=2)
    sessions = []
    for weeks in range(-10, 7):
        day = wednesday + timedelta(weeks=weeks)
        starts_at, ends_at = local_span(day, time(19, 30), time(21, 30))
        sessions.append(
            Session(
                kind=Session.Kind.PRAATHUIS,
                title="Praathuis",
                starts_at=starts_at,
                ends_at=ends_at,
                location=PRAATHUIS_PLACE,
                visitors=rng.randint(9, 26) if day < today else None,
            )
        )
    created = Session.objects.bulk_create(sessions)
    if host is not None:
        SessionLeader.objects.bulk_create(
            SessionLeader(session=session, person=host, role=SessionLeader.Role.HOST)
            for session in created
        )
    return len(created)
