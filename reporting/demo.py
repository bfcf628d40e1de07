"""Demo data for the board: three years of cohorts, participants, hours and targets, so that the
dashboard and the annual report have something to show for the last three years.

Runs after the other apps' demo data. It places the demo newcomers and buddies in cohorts that
fit their status (completed newcomers in completed cohorts, active ones in running cohorts,
placed ones in cohorts still recruiting), adds former participants of the older cohorts with
their intake, assessments and evaluation, logs the volunteers' hours of the two earlier years,
sets targets and computes the key figures. Cohorts are created only when there are none yet
(the cohorts app may bring its own). Everything is invented and reproducible from the seed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cohorts.models import Cohort, Enrolment, Programme
from participants.models import (
    HEALTH_DIMENSIONS,
    Buddy,
    Evaluation,
    HealthAssessment,
    Municipality,
    Newcomer,
    Organisation,
    Person,
    StatusChange,
)
from participants.services import person_prepare
from reporting.models import Target
from reporting.services import kpis_refresh
from volunteers.models import ClosedPeriod, HourEntry, HourlyValue, VolunteerRole
from vvsite import demo_names
from vvsite.models import User


class CohortPlan(NamedTuple):
    years_back: int  # years before this one
    month: int
    day: int
    programme: str  # a key of PROGRAMMES
    municipality: str
    name: str

    def start(self, today: date) -> date:
        return date(today.year - self.years_back, self.month, self.day)


class ProgrammePlan(NamedTuple):
    name: str
    kind: str
    weeks: int


COHORTS = tuple(
    CohortPlan(*row)
    for row in (
        (3, 3, 1, "classic", "Assen", "Voorjaar"),
        (3, 9, 1, "classic", "Assen", "Najaar"),
        (2, 3, 1, "six_months", "Assen", "Pilot zes maanden"),
        (2, 9, 1, "six_months", "Assen", "Najaar"),
        (1, 3, 1, "six_months", "Midden-Drenthe", "Beilen"),
        (1, 9, 1, "classic", "Assen", "Najaar"),
        (0, 3, 1, "six_months", "Tynaarlo", "Vries en Zuidlaren"),
        (0, 9, 1, "six_months", "Assen", "Najaar"),
        (0, 10, 1, "six_months", "Midden-Drenthe", "Westerbork"),
        (-1, 1, 15, "six_months", "Assen", "Winter"),
    )
)
PROGRAMMES = {
    "classic": ProgrammePlan("Maatjesprogramma 18 maanden", Programme.Kind.CLASSIC, 78),
    "six_months": ProgrammePlan("Maatjesprogramma 6 maanden", Programme.Kind.SIX_MONTHS, 26),
}
FIRST_NUMBER = 13
#: Newcomers per completed cohort (the demo's own completed newcomers fill the newest ones).
PER_COHORT = 12
PROJECT = "Samen aan het werk"


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def populate(*, rng, log) -> None:
    today = timezone.localdate()
    coordinator = User.objects.filter(email="coordinator@demo.example").first()
    earliest = Cohort.objects.order_by("start_date").first()
    if earliest is None:
        cohorts = _cohorts(today)
        enrolments = _enrol(rng, cohorts, today, coordinator)
        log(f"{len(cohorts)} cohorts with {enrolments} enrolments over three years")
    else:
        # The cohorts app made the recent cohorts; add the ones before them, for the trends.
        cohorts = _cohorts(today, before=earliest)
        enrolments = _enrol(rng, cohorts, today, coordinator, history_only=True)
        log(f"{len(cohorts)} earlier cohorts with {enrolments} enrolments")
    entries = _earlier_hours(rng, today)
    _targets(today, coordinator)
    snapshot = kpis_refresh(today=today)
    log(f"{entries} hour entries of earlier years; key figures {snapshot.first_year}–{today.year}")


# --- Cohorts and who took part -------------------------------------------------------------------


def _status_on(cohort: Cohort, today: date) -> str:
    if cohort.end_date < today:
        return Cohort.Status.COMPLETED
    if cohort.start_date <= today:
        return Cohort.Status.RUNNING
    return Cohort.Status.RECRUITING


def _cohorts(today: date, before: Cohort | None = None) -> list[Cohort]:
    """The demo's cohorts of the last three years; with ``before``, only those that started
    before it, numbered down from it so numbers still follow the dates."""
    programmes = {}
    for key, plan in PROGRAMMES.items():
        programmes[key], _created = Programme.objects.get_or_create(
            name=plan.name, defaults={"kind": plan.kind, "duration_weeks": plan.weeks}
        )
    municipalities = {m.name: m for m in Municipality.objects.all()}
    funder = Organisation.objects.filter(is_funder=True).order_by("name").first()
    plans = COHORTS
    first = FIRST_NUMBER
    if before is not None:
        plans = [plan for plan in COHORTS if plan.start(today) < before.start_date]
        first = max(1, before.number - len(plans))
        plans = plans[-(before.number - first) :] if before.number > first else []
    cohorts = []
    for number, plan in enumerate(plans, first):
        start = plan.start(today)
        name, programme, place = plan.name, plan.programme, plan.municipality
        weeks = PROGRAMMES[programme].weeks
        end = start + relativedelta(months=18 if weeks > 26 else 6) - timedelta(days=1)
        cohort = Cohort(
            number=number,
            name=f"{name} {start.year}",
            programme=programmes[programme],
            municipality=municipalities[place],
            project=PROJECT if place != "Assen" else "",
            funder=funder if place != "Assen" else None,
            start_date=start,
            end_date=end,
        )
        cohort.status = _status_on(cohort, today)
        cohorts.append(cohort)
    created = Cohort.objects.bulk_create(cohorts)
    Cohort.history.bulk_history_create(created)
    return created


class _Places:
    """Hands out slot numbers per cohort and role, up to the capacity."""

    def __init__(self):
        self.taken: dict[tuple[int, str], int] = {}

    def free(self, cohort: Cohort, role: str) -> int | None:
        key = (cohort.pk, role)
        if self.taken.get(key, 0) >= cohort.capacity_for(role):
            return None
        self.taken[key] = self.taken.get(key, 0) + 1
        return self.taken[key]


def _enrol(rng, cohorts: list[Cohort], today: date, coordinator, *, history_only=False) -> int:
    """Fill the cohorts. With ``history_only`` (older cohorts beside the cohorts app's own) they
    are filled with former participants made here, never with the demo's current people."""
    by_status: dict[str, list[Cohort]] = {}
    for cohort in cohorts:
        by_status.setdefault(cohort.status, []).append(cohort)
    completed = by_status.get(Cohort.Status.COMPLETED, [])
    running = by_status.get(Cohort.Status.RUNNING, [])
    recruiting = by_status.get(Cohort.Status.RECRUITING, [])
    places = _Places()
    enrolments: list[Enrolment] = []

    def enrol(cohort, person_id, role, *, status=Enrolment.Status.ENROLLED, left=None, reason=""):
        if status == Enrolment.Status.LEFT:
            slot = None
        else:
            slot = places.free(cohort, role)
            if slot is None:
                return False
        enrolments.append(
            Enrolment(
                cohort=cohort,
                person_id=person_id,
                role=role,
                status=status,
                slot=slot,
                capacity=cohort.capacity_for(role),
                enrolled_on=cohort.start_date - timedelta(days=rng.randint(14, 45)),
                ended_on=left,
                leave_reason=reason,
                created_by=coordinator,
            )
        )
        return True

    newcomers = list(Newcomer.objects.select_related("person").order_by("registered_on", "pk"))
    groups = {status: [n for n in newcomers if n.status == status] for status in Newcomer.Status}
    # The newest completed cohorts take the demo's own completed newcomers; the older ones get
    # former participants made here.
    own = [] if history_only else list(groups[Newcomer.Status.COMPLETED])
    alumni_for = {}
    for cohort in reversed(completed):
        take, own = own[:PER_COHORT], own[PER_COHORT:]
        for newcomer in take:
            enrol(cohort, newcomer.pk, Enrolment.Role.NEWCOMER, status=Enrolment.Status.COMPLETED)
        alumni_for[cohort] = PER_COHORT - len(take) + rng.randint(-2, 2)
    _align_outcomes(enrolments, today)
    for cohort, count in alumni_for.items():
        for person_id, stopped in _alumni(rng, cohort, max(count, 0), today, coordinator):
            if stopped:
                left = cohort.start_date + timedelta(days=rng.randint(30, 120))
                enrol(
                    cohort,
                    person_id,
                    Enrolment.Role.NEWCOMER,
                    status=Enrolment.Status.LEFT,
                    left=left,
                    reason=stopped,
                )
            else:
                enrol(cohort, person_id, Enrolment.Role.NEWCOMER, status=Enrolment.Status.COMPLETED)
    for index, newcomer in enumerate(groups[Newcomer.Status.ACTIVE]):
        if running:
            enrol(running[index % len(running)], newcomer.pk, Enrolment.Role.NEWCOMER)
    for index, newcomer in enumerate(groups[Newcomer.Status.PLACED]):
        if recruiting:
            enrol(recruiting[index % len(recruiting)], newcomer.pk, Enrolment.Role.NEWCOMER)
    for index, newcomer in enumerate([] if history_only else groups[Newcomer.Status.STOPPED]):
        started = [c for c in (*completed, *running) if c.start_date < today]
        if not started:
            break
        cohort = started[-1 - index % min(3, len(started))]
        last = min(cohort.end_date, today)
        left = cohort.start_date + timedelta(days=rng.randint(0, (last - cohort.start_date).days))
        enrol(
            cohort,
            newcomer.pk,
            Enrolment.Role.NEWCOMER,
            status=Enrolment.Status.LEFT,
            left=left,
            reason=newcomer.stop_reason,
        )

    buddies = list(Buddy.objects.order_by("registered_on", "pk"))
    pools = {
        Cohort.Status.COMPLETED: [b for b in buddies if b.status in ("inactive", "matched")],
        Cohort.Status.RUNNING: [b for b in buddies if b.status == "matched"],
        Cohort.Status.RECRUITING: [b for b in buddies if b.status == "available"],
    }
    for cohort in cohorts:
        pool = pools[cohort.status]
        wanted = rng.randint(10, 14)
        status = (
            Enrolment.Status.COMPLETED
            if cohort.status == Cohort.Status.COMPLETED
            else Enrolment.Status.ENROLLED
        )
        while pool and wanted:
            buddy = pool.pop(0)
            if any(e.cohort is cohort and e.person_id == buddy.pk for e in enrolments):
                continue
            enrol(cohort, buddy.pk, Enrolment.Role.BUDDY, status=status)
            wanted -= 1
    created = Enrolment.objects.bulk_create(enrolments)
    Enrolment.history.bulk_history_create(created, default_user=coordinator)
    return len(created)


def _align_outcomes(enrolments: list[Enrolment], today) -> None:
    """The end assessment and evaluation of a completed newcomer fall at their cohort's end."""
    ends = {e.person_id: e.cohort.end_date for e in enrolments if e.role == Enrolment.Role.NEWCOMER}
    evaluations = list(Evaluation.objects.filter(person_id__in=ends))
    for evaluation in evaluations:
        evaluation.evaluated_on = min(ends[evaluation.person_id], today)
    Evaluation.objects.bulk_update(evaluations, ["evaluated_on"])
    assessments = list(HealthAssessment.objects.filter(person_id__in=ends, moment="end"))
    for assessment in assessments:
        assessment.assessed_on = min(ends[assessment.person_id], today)
    HealthAssessment.objects.bulk_update(assessments, ["assessed_on"])


def _alumni(rng, cohort: Cohort, count: int, today: date, coordinator) -> list[tuple[int, str]]:
    """Former newcomers of an older cohort, from registration to the end of the programme:
    their person, intake, status history, assessments and evaluation. Returns (pk, reason they
    stopped or "")."""
    hoods = list(cohort.municipality.neighbourhoods.all())
    referrers = list(Organisation.objects.filter(is_referrer=True))
    origins = list(demo_names.ORIGIN_WEIGHTS.items())
    people, profiles, outcomes = [], [], []
    for _ in range(count):
        country = rng.choices([c for c, _w in origins], weights=[w for _c, w in origins])[0]
        male, female, family = demo_names.ORIGINS[country]
        gender = rng.choice(["female", "male"])
        given = rng.choice(female if gender == "female" else male)
        surname = rng.choice(family)
        registered = max(
            cohort.start_date - timedelta(days=rng.randint(60, 240)),
            date(cohort.start_date.year, 1, 2),
        )
        person = Person(
            given_names=given[0],
            family_name=surname[0],
            native_name=f"{given[1]} {surname[1]}" if given[1] else "",
            birth_date=registered - timedelta(days=rng.randint(19 * 365, 58 * 365)),
            gender=gender,
            registered_on=registered,
            municipality=cohort.municipality,
            neighbourhood=rng.choice(hoods) if hoods else None,
            languages=["ar"] if country in ("SY", "YE") else [],
        )
        person_prepare(person)
        stopped = rng.choice(Newcomer.StopReason.values) if rng.random() < 0.12 else ""
        profiles.append(
            Newcomer(
                person=person,
                status=Newcomer.Status.STOPPED if stopped else Newcomer.Status.COMPLETED,
                stop_reason=stopped,
                registered_on=registered,
                intake_date=registered + timedelta(days=rng.randint(7, 25)),
                intake_by=coordinator,
                referrer=rng.choice(referrers) if referrers and rng.random() < 0.85 else None,
                country_of_origin=country,
                target_group=rng.choice(["civic_integration", "longer", "relationship"]),
                dutch_level=rng.choice(["A0", "A1", "A1", "A2", "A2", "B1"]),
                participation_step=rng.randint(1, 3),
                status_changed_at=_moment(cohort.end_date),
            )
        )
        people.append(person)
        outcomes.append(stopped)
    created = Person.objects.bulk_create(people)
    Person.history.bulk_history_create(created, default_user=coordinator)
    Newcomer.objects.bulk_create(profiles)
    Newcomer.history.bulk_history_create(profiles, default_user=coordinator)

    changes, assessments, evaluations = [], [], []
    for profile, stopped in zip(profiles, outcomes, strict=True):
        placed = cohort.start_date - timedelta(days=rng.randint(10, 40))
        waiting = profile.intake_date + timedelta(days=rng.randint(1, 5))
        waiting = min(waiting, placed - timedelta(days=3))
        end = min(cohort.end_date, today)
        steps = [
            ("", "registered", profile.registered_on),
            ("registered", "intake_done", profile.intake_date),
            ("intake_done", "waiting", waiting),
            ("waiting", "placed", placed),
            ("placed", "active", cohort.start_date),
            ("active", "stopped" if stopped else "completed", end),
        ]
        for before, after, day in steps:
            changes.append(
                StatusChange(
                    person_id=profile.pk,
                    profile="newcomer",
                    from_status=before,
                    to_status=after,
                    reason=stopped if after == "stopped" else "",
                    at=_moment(day, rng.randint(9, 16)),
                    by=coordinator,
                )
            )
        base = {name: rng.randint(3, 7) for name, _label in HEALTH_DIMENSIONS}
        assessments.append(
            HealthAssessment(
                person_id=profile.pk,
                moment="intake",
                assessed_on=profile.intake_date,
                recorded_by=coordinator,
                **base,
            )
        )
        if stopped or rng.random() < 0.1:  # not everyone fills in the evaluation
            continue
        assessments.append(
            HealthAssessment(
                person_id=profile.pk,
                moment="end",
                assessed_on=end,
                recorded_by=coordinator,
                **{name: min(10, score + rng.randint(0, 3)) for name, score in base.items()},
            )
        )
        evaluations.append(
            Evaluation(
                person_id=profile.pk,
                evaluated_on=end,
                dutch_improved=rng.choices([2, 3, 4, 5], weights=[1, 2, 5, 3])[0],
                culture_learned=rng.randint(3, 5),
                more_contacts=rng.randint(2, 5),
                more_confident=rng.randint(3, 5),
                closer_to_work=rng.randint(2, 5),
                participation_step=min(6, profile.participation_step + rng.randint(0, 2)),
                went_well="De groepsavonden en het vaste contact met mijn maatje.",
                could_improve="Vaker samen iets buiten doen.",
                recorded_by=coordinator,
            )
        )
    StatusChange.objects.bulk_create(changes)
    HealthAssessment.objects.bulk_create(assessments)
    Evaluation.objects.bulk_create(evaluations)
    return [(profile.pk, stopped) for profile, stopped in zip(profiles, outcomes, strict=True)]


# --- Hours of the earlier years -------------------------------------------------------------------


def _earlier_hours(rng, today: date) -> int:
    """The demo volunteers' hours of the two years before the hours app's demo year, a little
    fewer each year back, all approved and reported."""
    first = date(today.year - 2, 1, 1)
    existing = HourEntry.objects.order_by("date").values_list("date", flat=True).first()
    until = (existing or today) - timedelta(days=1)
    roles = list(VolunteerRole.objects.filter(year=today.year - 1).select_related("user"))
    if not roles or until < first:
        return 0
    VolunteerRole.objects.bulk_create(
        [VolunteerRole(user=role.user, year=first.year, kind=role.kind) for role in roles],
        ignore_conflicts=True,
    )
    activity = {
        "buddy": ("buddy_contact", 2.6, 2.5),
        "coach": ("coach_group", 4.8, 2.5),
        "assistant_coach": ("coach_group", 2.3, 2.5),
        "expert": ("training", 1.6, 2.5),
        "board": ("board", 2.0, 2.5),
        "praathuis": ("praathuis", 0.6, 1.5),
    }
    entries = []
    for role in roles:
        name, weekly, per_time = activity[role.kind]
        day = first
        while day <= until:
            growth = 0.8 if day.year == first.year else 0.9
            if rng.random() < weekly * growth / per_time / 7:
                quarters = max(1, min(48, round(rng.gauss(per_time, per_time / 3) * 4)))
                entries.append(
                    HourEntry(
                        volunteer=role.user,
                        date=day,
                        hours=Decimal(quarters) / 4,
                        activity=name,
                        role_kind=role.kind,
                        status=HourEntry.Status.APPROVED,
                        reviewed_at=_moment(day + timedelta(days=10)),
                    )
                )
            day += timedelta(days=1)
    HourEntry.objects.bulk_create(entries, batch_size=1000)
    HourlyValue.objects.get_or_create(year=first.year, defaults={"euros": Decimal("10.50")})
    if not ClosedPeriod.objects.filter(year=first.year).exists():
        ClosedPeriod.objects.create(year=first.year)
    return len(entries)


# --- Targets --------------------------------------------------------------------------------------


def _targets(today: date, coordinator) -> None:
    """The board's targets of the last three years, growing towards the strategic plan's 2027."""
    admin = User.objects.filter(email="beheerder@demo.example").first() or coordinator
    plan = {
        "newcomers": (30, 35, 38),
        "buddies": (30, 35, 38),
        "cohorts_started": (2, 3, 3),
        "cohorts_completed": (2, 2, 3),
        "hours": (6500, 7000, 7500),
        "hours_value": (70000, 77000, 82500),
        "eval:dutch_improved": (80, 80, 80),
        "ladder_up_share": (50, 50, 55),
        "dropout_rate": (15, 15, 12),
        "registrations": (60, 70, 80),
        "waiting": (30, 30, 25),
        "waiting_days": (120, 110, 100),
    }
    assen = Municipality.objects.filter(name="Assen").first()
    targets = []
    for index, year in enumerate(range(today.year - 2, today.year + 1)):
        for code, values in plan.items():
            targets.append(Target(year=year, kpi=code, value=values[index], updated_by=admin))
        if assen is not None:
            targets.append(
                Target(year=year, municipality=assen, kpi="newcomers", value=25, updated_by=admin)
            )
    Target.objects.bulk_create(targets, ignore_conflicts=True)
