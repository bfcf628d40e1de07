"""Benchmark of the board's dashboard and the annual report on Postgres: ten years of data for
five municipalities.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vvsite_bench_reporting \
        .venv/bin/python benchmarks/reporting/bench_dashboard.py

Creates the database if needed, migrates it and fills it once: 100,000 people (60,000 newcomers
with their status history, 40,000 buddies), 200 cohorts (four a year in each municipality) with
6,000 enrolments, evaluations and assessments of everyone who took part, and 1,000,000 hour
entries of 2,000 volunteers. Then it times computing the key figures (the nightly job), the
dashboard page (median of --runs, warm, through Django's test client) with its query count,
and the annual report's renderer. Run it again and it reuses the data (--refill starts over).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks import harness  # noqa: E402

harness.settings_defaults("postgres://postgres@127.0.0.1:5432/vvsite_bench_reporting")

YEARS = 10
NEWCOMERS = 60_000
BUDDIES = 40_000
VOLUNTEERS = 2_000
ENTRIES = 1_000_000
COHORTS_A_YEAR = 4  # per municipality
TARGETS = {"dashboard": 100, "dashboard, one municipality": 100, "annual report": 5000}
HEALTH_FIELDS = ("body", "mind", "meaning", "quality_of_life", "participation", "daily_functioning")


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def fill(rng: random.Random) -> None:
    from participants.models import Municipality
    from vvsite.models import Role, User

    started = time.perf_counter()
    today = date.today()
    first = date(today.year - YEARS + 1, 1, 1)
    places = list(Municipality.objects.order_by("pk"))
    board = User.objects.create_user(
        email="bestuur@bench.example", full_name="Bestuur", password=None
    )
    board.role_grants.create(role=Role.BOARD)
    users = _volunteers()
    newcomer_people, buddy_people = _people(rng, places, users, first, today)
    print(f"  people and status history: {time.perf_counter() - started:.0f} s")
    cohorts = _cohorts(places, first, today)
    rng.shuffle(newcomer_people)
    rng.shuffle(buddy_people)
    _enrolments_and_outcomes(rng, cohorts, newcomer_people, buddy_people, today)
    print(f"  cohorts, enrolments, outcomes: {time.perf_counter() - started:.0f} s")
    _hours(rng, users, first, today)
    harness.vacuum_analyze()
    print(f"  filled in {time.perf_counter() - started:.0f} s")


def _volunteers() -> list:
    from django.contrib.auth.hashers import make_password

    from vvsite.models import Role, User, UserRole

    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"v{n}@bench.example", full_name=f"Vrijwilliger {n}", password=unusable)
        for n in range(VOLUNTEERS)
    )
    UserRole.objects.bulk_create(UserRole(user=u, role=Role.VOLUNTEER) for u in users)
    return users


def _people(rng: random.Random, places, users, first: date, today: date) -> tuple[list, list]:
    """NEWCOMERS newcomers with their status history and BUDDIES buddies (the volunteers among
    them): their people, newcomers first."""
    from participants.models import Buddy, Organisation, Person

    referrers = Organisation.objects.bulk_create(
        Organisation(name=f"Verwijzer {n}", is_referrer=True) for n in range(12)
    )
    days = (today - first).days

    def person(n: int, registered: date, user=None) -> Person:
        return Person(
            given_names=f"Persoon{n}",
            family_name="Bench",
            municipality=places[n % len(places)],
            registered_on=registered,
            user=user,
            search_text=f"persoon{n} bench",
        )

    newcomer_days = [first + timedelta(days=rng.randrange(days)) for _ in range(NEWCOMERS)]
    people = Person.objects.bulk_create(
        (
            *(person(n, day) for n, day in enumerate(newcomer_days)),
            *(
                person(NEWCOMERS + n, first + timedelta(days=rng.randrange(days)), user)
                for n, user in zip(range(BUDDIES), [*users, *[None] * BUDDIES], strict=False)
            ),
        ),
        batch_size=5000,
    )
    newcomer_people, buddy_people = people[:NEWCOMERS], people[NEWCOMERS:]
    _newcomers(rng, newcomer_people, referrers, today)
    Buddy.objects.bulk_create(
        (Buddy(person=p, registered_on=p.registered_on, status="matched") for p in buddy_people),
        batch_size=5000,
    )
    return newcomer_people, buddy_people


def _newcomers(rng: random.Random, people, referrers, today: date) -> None:
    """A newcomer for each of ``people``: registered, waiting, placed in the status history."""
    from participants.models import Newcomer, StatusChange

    statuses = ["waiting", "completed", "stopped", "registered", "active"]
    newcomers = Newcomer.objects.bulk_create(
        (
            Newcomer(
                person=p,
                registered_on=p.registered_on,
                status=(status := rng.choice(statuses)),
                stop_reason="moved" if status == "stopped" else "",
                referrer=rng.choice([*referrers, None]),
                participation_step=rng.randint(1, 4),
            )
            for p in people
        ),
        batch_size=5000,
    )
    changes = []
    for newcomer in newcomers:
        day = newcomer.registered_on
        for before, after in (("", "registered"), ("registered", "waiting"), ("waiting", "placed")):
            changes.append(
                StatusChange(
                    person_id=newcomer.pk,
                    profile="newcomer",
                    from_status=before,
                    to_status=after,
                    at=_moment(min(day, today)),
                )
            )
            day += timedelta(days=rng.randint(10, 120))
    StatusChange.objects.bulk_create(changes, batch_size=10000)


def _cohorts(places, first: date, today: date) -> list:
    """COHORTS_A_YEAR six-month cohorts a year in each municipality."""
    from cohorts.models import Cohort, Programme

    programme = Programme.objects.create(name="Zes maanden", kind="six_months", duration_weeks=26)
    return Cohort.objects.bulk_create(
        Cohort(
            number=1 + n,
            programme=programme,
            municipality=places[n % len(places)],
            start_date=(
                start := date(
                    first.year + n // (len(places) * COHORTS_A_YEAR),
                    1 + 3 * (n % COHORTS_A_YEAR),
                    1,
                )
            ),
            end_date=start + timedelta(days=182),
            status="completed" if start + timedelta(days=182) < today else "running",
        )
        for n in range(YEARS * len(places) * COHORTS_A_YEAR)
    )


def _enrolments_and_outcomes(rng: random.Random, cohorts, newcomer_people, buddy_people, today):
    """15 newcomers and 15 buddies in each cohort, some leaving early; who completed a finished
    cohort has an evaluation and two Positive Health assessments."""
    from cohorts.models import Enrolment
    from participants.models import Evaluation, HealthAssessment

    enrolments, evaluations, assessments = [], [], []
    for index, cohort in enumerate(cohorts):
        for role, pool in (("newcomer", newcomer_people), ("buddy", buddy_people)):
            for slot in range(1, 16):
                p = pool[(index * 15 + slot) % len(pool)]
                left = role == "newcomer" and rng.random() < 0.08
                enrolments.append(
                    Enrolment(
                        cohort=cohort,
                        person=p,
                        role=role,
                        status="left" if left else "completed",
                        slot=None if left else slot,
                        capacity=15,
                        enrolled_on=cohort.start_date - timedelta(days=20),
                        ended_on=cohort.start_date + timedelta(days=40) if left else None,
                        leave_reason="moved" if left else "",
                    )
                )
                if role == "newcomer" and not left and cohort.end_date <= today:
                    evaluations.append(
                        Evaluation(
                            person=p,
                            evaluated_on=cohort.end_date,
                            dutch_improved=rng.randint(2, 5),
                            participation_step=rng.randint(1, 6),
                        )
                    )
                    assessments += [
                        HealthAssessment(
                            person=p,
                            moment=moment,
                            assessed_on=day,
                            **dict.fromkeys(HEALTH_FIELDS, score + rng.randint(-1, 1)),
                        )
                        for moment, day, score in (
                            ("intake", cohort.start_date, 4),
                            ("end", cohort.end_date, 6),
                        )
                    ]
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    Evaluation.objects.bulk_create(evaluations, batch_size=5000)
    HealthAssessment.objects.bulk_create(assessments, batch_size=5000)


def _hours(rng: random.Random, users, first: date, today: date) -> None:
    """ENTRIES hour entries of the volunteers over the years, 1% rejected."""
    from volunteers.models import HourEntry, RoleKind

    kinds = [rng.choice(RoleKind.values) for _ in users]
    days = (today - first).days
    columns = ("volunteer_id", "date", "hours", "activity", "role_kind", "note", "status")
    columns += ("rejection_reason", "created_at")

    def rows():
        for _ in range(ENTRIES):
            index = rng.randrange(VOLUNTEERS)
            day = first + timedelta(days=rng.randrange(days))
            status = "rejected" if rng.random() < 0.01 else "approved"
            yield (
                users[index].pk,
                day,
                rng.randint(1, 16) / 4,
                "other",
                kinds[index],
                "",
                status,
                "Dubbel" if status == "rejected" else "",
                f"{day}T12:00:00+00:00",
            )

    harness.copy_rows(HourEntry, columns, rows())


def main() -> None:
    args = harness.prepare(
        __doc__.split("\n")[0],
        filled_when="bestuur@bench.example",
        fill=lambda: fill(random.Random(7)),
    )
    from reporting.services import kpis_refresh
    from volunteers.models import HourEntry

    print(f"  {HourEntry.objects.count():,} hour entries")
    refresh_ms, snapshot = harness.timed(kpis_refresh, 3)
    print(
        f"  computing every key figure ({snapshot.first_year}–{snapshot.last_year}): "
        f"{refresh_ms:.0f} ms (median of 3; the nightly job)"
    )
    results = _time_dashboard(snapshot.last_year - 1, args.runs)
    results["annual report"] = _time_annual_report(snapshot.last_year - 1)
    harness.report(results, TARGETS, heading="what", width=30)


def _time_dashboard(earlier: int, runs: int) -> dict[str, float]:
    """The board's dashboard, for all and for one municipality: median ms, and the queries."""
    from django.db import connection
    from django.test import Client

    from participants.models import Municipality
    from vvsite.models import User

    board = Client()
    board.force_login(User.objects.get(email="bestuur@bench.example"))
    assen = Municipality.objects.get(name="Assen").pk
    pages = {
        "dashboard": "/dashboard/",
        "dashboard, one municipality": f"/dashboard/?jaar={earlier}&gemeente={assen}",
    }
    results = {}
    for name, path in pages.items():
        for _ in range(3):
            assert board.get(path).status_code == 200
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            board.get(path)
        results[name], _response = harness.timed(lambda path=path: board.get(path), runs)
        print(f"  {name}: {len(queries)} queries")
    return results


def _time_annual_report(year: int) -> float:
    from django.utils import translation

    from reporting.annual_report import ANNUAL_REPORT, annual_report
    from vvsite.documents.models import Document

    document = Document(kind=ANNUAL_REPORT, parameters={"year": year})
    with translation.override("nl"):
        annual_report(document, lambda percent, message: None)  # warm: fonts, stylesheets
        ms, rendered = harness.timed(
            lambda: annual_report(document, lambda percent, message: None), 3
        )
    print(f"  annual report: {rendered.message}, {len(rendered.content) // 1024} kB")
    return ms


if __name__ == "__main__":
    main()
