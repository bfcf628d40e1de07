"""The demo data: a realistic set, fast, with the demo logins linked to their person."""

import random
import time

from django.db.models import Count

from participants import demo
from participants.models import Buddy, Newcomer, Person
from vvsite import demo as vvsite_demo


def test_demo_data_fills_statuses_and_municipalities_quickly(db):
    vvsite_demo.populate(rng=random.Random(1), log=lambda text: None)
    started = time.monotonic()

    demo.populate(rng=random.Random(1), log=lambda text: None)

    assert time.monotonic() - started < 10
    assert 140 <= Newcomer.objects.count() <= 160
    assert 140 <= Buddy.objects.count() <= 160
    assert set(Newcomer.objects.values_list("status", flat=True)) == set(Newcomer.Status.values)
    assert set(Buddy.objects.values_list("status", flat=True)) == set(Buddy.Status.values)
    municipalities = Person.objects.values("municipality__name").annotate(n=Count("pk"))
    assert len(municipalities) == 5
    assert Person.objects.filter(newcomer__isnull=False, buddy__isnull=False).exists()
    volunteer = Person.objects.get(user__email="vrijwilliger@demo.example")
    assert volunteer.buddy.status == "matched"
    assert Person.objects.get(user__email="coach@demo.example").buddy
    assert not Person.objects.exclude(search_text__contains="@").exists()
