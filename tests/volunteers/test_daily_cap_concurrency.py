"""Two submissions at the same moment cannot together exceed 12 hours on one day: the service
locks the volunteer's row before it sums the day."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.volunteers.factories import VolunteerFactory, today
from volunteers import services
from volunteers.models import HourEntry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite lets one writer in at a time (BEGIN IMMEDIATE); its shared in-memory test "
    "database cannot hold two writing transactions open to show the lock",
)
def test_two_concurrent_submissions_cannot_exceed_twelve_hours_on_a_day(monkeypatch):
    volunteer = VolunteerFactory()
    day = today() - timedelta(days=1)
    first_checked = threading.Event()
    check = services._check_entry

    def slow_check(**kwargs):
        check(**kwargs)
        if not first_checked.is_set():
            first_checked.set()
            # Hold the first transaction open after its check, so the second one runs its own
            # check now: without the lock it would see no hours yet and both would be written.
            threading.Event().wait(1.0)

    monkeypatch.setattr(services, "_check_entry", slow_check)
    results: list[str] = []

    def submit(wait_for_first: bool) -> None:
        try:
            if wait_for_first:
                first_checked.wait(5)
            services.hour_create(
                volunteer=volunteer,
                fields=services.HourFields(date=day, hours=Decimal(8), activity="event"),
            )
            results.append("written")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n == 1,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert sorted(results) == ["refused", "written"]
    assert HourEntry.objects.filter(volunteer=volunteer).count() == 1
