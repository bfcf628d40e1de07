"""The suggestions page for one newcomer, end to end: profiles built from the database for every
buddy with room, scored, the best 20 explained and rendered.

    .venv/bin/python benchmarks/matching/bench_suggestions_page.py [--buddies 5000]

Uses a throwaway SQLite database in a temporary folder (or DATABASE_URL when set: then it
must be an empty database it may fill). Prints a Markdown table (see README.md beside this
file): time and number of queries of the page with few and with many buddies.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvsite.settings")
_folder = tempfile.mkdtemp(prefix="bench-suggestions-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_folder}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from participants.models import Buddy, Consent, Neighbourhood, Newcomer, Person  # noqa: E402
from participants.places import places_ensure  # noqa: E402
from participants.services import person_prepare  # noqa: E402
from participants.vocab import DayPart, Interest, Sector  # noqa: E402
from vvsite.models import Role, User, UserRole  # noqa: E402

LANGUAGES = ["nl", "en", "de", "fr", "ar", "ti", "fa", "uk"]


def _people(rng: random.Random, count: int, hoods: list[Neighbourhood], start: int):
    people = []
    for i in range(start, start + count):
        hood = rng.choice(hoods)
        person = Person(
            given_names=f"Maatje{i}",
            family_name="Benchmark",
            gender=rng.choice(["female", "male"]),
            birth_date=date(rng.randint(1950, 2004), rng.randint(1, 12), 1),
            municipality_id=hood.municipality_id,
            neighbourhood=hood,
            languages=["nl", *rng.sample(LANGUAGES[1:], rng.randint(0, 2))],
            interests=rng.sample(Interest.values, rng.randint(1, 5)),
            availability=rng.sample(DayPart.values, rng.randint(1, 3)),
        )
        person_prepare(person)
        people.append(person)
    return Person.objects.bulk_create(people, batch_size=1000)


def add_buddies(rng: random.Random, count: int, hoods, start: int) -> None:
    people = _people(rng, count, hoods, start)
    Buddy.objects.bulk_create(
        [
            Buddy(
                person=person,
                status="available",
                expertise_sectors=rng.sample(Sector.values, rng.randint(0, 2)),
                max_active_matches=2 if rng.random() < 0.1 else 1,
            )
            for person in people
        ],
        batch_size=1000,
    )


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        assert response.content.count(b'data-testid="suggestion"') == 20
    return statistics.median(times), max(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buddies", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    places_ensure()
    rng = random.Random(7)
    hoods = list(Neighbourhood.objects.all())
    newcomer = Newcomer.objects.create(
        person=_people(rng, 1, hoods, 0)[0], status="waiting", work_sector="care"
    )
    Consent.objects.create(person=newcomer.person, kind="processing", method="signed_form")
    user = User.objects.create_user(email="bench@example.org", full_name="Bench")
    UserRole.objects.create(user=user, role=Role.COORDINATOR)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("matching:suggestions", args=[newcomer.pk])

    print("| buddies with room | median ms | max ms | queries |")
    print("|---|---|---|---|")
    made = 0
    for total in (50, options.buddies):
        add_buddies(rng, total - made, hoods, start=1 + made)
        made = total
        median, slowest, queries = measure(client, url, options.repeat)
        print(f"| {total:,} | {1000 * median:.0f} | {1000 * slowest:.0f} | {queries} |", flush=True)


if __name__ == "__main__":
    main()
