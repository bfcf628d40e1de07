"""Benchmark of the hours pages on Postgres with 1,000,000 hour entries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vvsite_bench \
        .venv/bin/python benchmarks/hours/bench.py

Creates the database if needed, migrates it, fills it once (COPY) with 2,000 volunteers and
1,000,000 entries over ten years (10,000 of them waiting for approval), then times the yearly
summary, a volunteer's home page and pages of the approval queue with Django's test client:
warm, median of --runs runs. Run it again and it reuses the data (--refill to start over).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks import harness  # noqa: E402

harness.settings_defaults("postgres://postgres@127.0.0.1:5432/vvsite_bench")

ENTRIES = 1_000_000
PENDING = 10_000
VOLUNTEERS = 2_000
YEARS = 10
TARGETS_MS = {"summary": 150, "volunteer home": 50, "queue page 1": 100, "queue page 100": 100}
ACTIVITIES = ["buddy_contact", "coach_group", "training", "board", "praathuis", "event", "other"]


def fill(rng: random.Random) -> None:
    from volunteers.models import HourEntry

    today = date.today()
    first = date(today.year - YEARS + 1, 1, 1)
    volunteers = _volunteers(rng, first)
    columns = (
        "volunteer_id",
        "date",
        "hours",
        "activity",
        "role_kind",
        "note",
        "status",
        "rejection_reason",
        "created_at",
    )
    started = time.perf_counter()
    harness.copy_rows(HourEntry, columns, _entries(rng, volunteers, first, today))
    harness.vacuum_analyze(HourEntry)
    print(f"  filled {ENTRIES:,} entries in {time.perf_counter() - started:.0f} s")


def _volunteers(rng: random.Random, first: date) -> list[tuple[int, str]]:
    """VOLUNTEERS volunteers with a role each year and one coordinator: (user id, role kind)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from volunteers.models import RoleKind, VolunteerRole
    from vvsite.models import Role, User, UserRole

    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"bench{n}@bench.example",
            full_name=f"Vrijwilliger {n:04d}",
            password=unusable,
            date_joined=timezone.now() - timedelta(days=366 * YEARS + 30),
        )
        for n in range(VOLUNTEERS)
    )
    UserRole.objects.bulk_create(UserRole(user=u, role=Role.VOLUNTEER) for u in users)
    User.objects.create_user(
        email="coordinator@bench.example", full_name="Coördinator", password=None
    ).role_grants.create(role=Role.COORDINATOR)
    kinds = [rng.choice(RoleKind.values) for _ in users]
    VolunteerRole.objects.bulk_create(
        VolunteerRole(user=u, year=y, kind=k)
        for u, k in zip(users, kinds, strict=True)
        for y in range(first.year, date.today().year + 1)
    )
    return [(u.pk, k) for u, k in zip(users, kinds, strict=True)]


def _entries(rng: random.Random, volunteers, first: date, today: date):
    """ENTRIES rows for COPY; the first PENDING wait for approval."""
    days = (today - first).days + 1
    for n in range(ENTRIES):
        volunteer_id, kind = volunteers[rng.randrange(VOLUNTEERS)]
        pending = n < PENDING
        # Waiting entries are from the last two months, the rest spread over ten years.
        day = (
            today - timedelta(days=rng.randrange(60))
            if pending
            else first + timedelta(days=rng.randrange(days))
        )
        status, reason = ("submitted", "") if pending else ("approved", "")
        if not pending and rng.random() < 0.01:
            status, reason = "rejected", "Dubbel ingevoerd"
        yield (
            volunteer_id,
            day,
            rng.randint(1, 16) / 4,
            rng.choice(ACTIVITIES),
            kind,
            "",
            status,
            reason,
            f"{day}T12:00:00+00:00",
        )


def measure(client, url: str, runs: int) -> float:
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(times)


def main() -> None:
    args = harness.prepare(
        __doc__.split("\n")[0],
        filled_when="coordinator@bench.example",
        fill=lambda: fill(random.Random(7)),
    )
    from django.db.models import Count
    from django.test import Client

    from volunteers.models import HourEntry
    from vvsite.models import User

    print(
        f"  {HourEntry.objects.count():,} entries, "
        f"{HourEntry.objects.filter(status='submitted').count():,} waiting for approval"
    )
    coordinator = Client()
    coordinator.force_login(User.objects.get(email="coordinator@bench.example"))
    # The volunteer with the most entries this year: the heaviest home page.
    this_year = date.today().year
    busiest = (
        HourEntry.objects.filter(date__year=this_year)
        .values("volunteer")
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    volunteer = Client()
    volunteer.force_login(User.objects.get(pk=busiest["volunteer"]))
    pages = {
        "summary": (coordinator, f"/uren/jaaroverzicht/{this_year}/"),
        "volunteer home": (volunteer, "/"),
        "queue page 1": (coordinator, "/uren/goedkeuren/"),
        "queue page 100": (coordinator, "/uren/goedkeuren/?page=100"),
    }
    print(f"  busiest volunteer this year has {busiest['n']} entries this year")
    results = {name: measure(client, path, args.runs) for name, (client, path) in pages.items()}
    harness.report(results, TARGETS_MS, heading="page", width=16)


if __name__ == "__main__":
    main()
