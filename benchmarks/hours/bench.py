"""Benchmark of the hours pages on Postgres with 1,000,000 hour entries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vvsite_bench \
        .venv/bin/python benchmarks/hours/bench.py

Creates the database if needed, migrates it, fills it once (COPY) with 2,000 volunteers and
1,000,000 entries over ten years (10,000 of them waiting for approval), then times the yearly
summary, a volunteer's home page and pages of the approval queue with Django's test client:
warm, median of --runs runs. Run it again and it reuses the data (--refill to start over).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vvsite_bench")
os.environ.setdefault("DJANGO_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvsite.settings")

ENTRIES = 1_000_000
PENDING = 10_000
VOLUNTEERS = 2_000
YEARS = 10
TARGETS_MS = {"summary": 150, "volunteer home": 50, "queue page 1": 100, "queue page 100": 100}


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def fill(rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from volunteers.models import HourEntry, RoleKind, VolunteerRole
    from vvsite.models import Role, User, UserRole

    today = date.today()
    first = date(today.year - YEARS + 1, 1, 1)
    days = (today - first).days + 1
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
        for y in range(first.year, today.year + 1)
    )
    activities = [
        "buddy_contact",
        "coach_group",
        "training",
        "board",
        "praathuis",
        "event",
        "other",
    ]
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
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            f"COPY {HourEntry._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        ) as copy,
    ):
        for n in range(ENTRIES):
            index = rng.randrange(VOLUNTEERS)
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
            copy.write_row(
                (
                    users[index].pk,
                    day,
                    rng.randint(1, 16) / 4,
                    rng.choice(activities),
                    kinds[index],
                    "",
                    status,
                    reason,
                    f"{day}T12:00:00+00:00",
                )
            )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {HourEntry._meta.db_table}")
    print(f"  filled {ENTRIES:,} entries in {time.perf_counter() - started:.0f} s")


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--refill", action="store_true")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("This benchmark is for Postgres: set DATABASE_URL to a dedicated database.")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from volunteers.models import HourEntry
    from vvsite.models import User

    call_command("migrate", verbosity=0)
    if args.refill:
        call_command("flush", interactive=False, verbosity=0)
    if not User.objects.filter(email="coordinator@bench.example").exists():
        fill(random.Random(7))
    setup_test_environment()
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
        .annotate(n=django.db.models.Count("pk"))
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
    print(f"{'page':<16} {'median ms':>10} {'target ms':>10}")
    failed = False
    for name, (client, path) in pages.items():
        ms = measure(client, path, args.runs)
        failed |= ms > TARGETS_MS[name]
        print(f"{name:<16} {ms:>10.1f} {TARGETS_MS[name]:>10}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
