"""What the Postgres benchmarks share: the command line, a database filled once, COPY, timing
and the table of results against the targets.

Django is set up by ``prepare``, so the Django imports here wait inside the functions."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from urllib.parse import urlparse


def settings_defaults(database_url: str) -> None:
    os.environ.setdefault("DATABASE_URL", database_url)
    os.environ.setdefault("DJANGO_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvsite.settings")


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(description: str, *, filled_when: str, fill: Callable[[], None]) -> argparse.Namespace:
    """Parse --runs and --refill, create and migrate the database, set Django up and ``fill``
    the database unless the user ``filled_when`` (an e-mail address) exists already."""
    parser = argparse.ArgumentParser(description=description)
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
    from django.test.utils import setup_test_environment

    from vvsite.models import User

    call_command("migrate", verbosity=0)
    if args.refill:
        call_command("flush", interactive=False, verbosity=0)
    if not User.objects.filter(email=filled_when).exists():
        fill()
    setup_test_environment()
    return args


def copy_rows(model, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Write ``rows`` into ``model``'s table with Postgres's COPY."""
    from django.db import connection

    table = model._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def vacuum_analyze(model=None) -> None:
    """Refresh the planner's statistics of ``model``'s table, or of every table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}" if model else "VACUUM ANALYZE")


def timed(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median time of ``runs`` calls in milliseconds, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def report(results: dict[str, float], targets: dict[str, int], *, heading: str, width: int) -> None:
    """Print each median against its target and exit with 1 if any is over."""
    print(f"{heading:<{width}} {'median ms':>10} {'target ms':>10}")
    failed = False
    for name, ms in results.items():
        failed |= ms > targets[name]
        print(f"{name:<{width}} {ms:>10.1f} {targets[name]:>10}")
    sys.exit(1 if failed else 0)
