import datetime

import factory

from cohorts.models import Cohort, Programme
from participants.models import Buddy, Newcomer
from participants.places import places_ensure
from tests.participants.factories import BuddyFactory, NewcomerFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("name",)

    name = "Zes maanden"
    kind = Programme.Kind.SIX_MONTHS
    duration_weeks = 26


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    number = factory.Sequence(lambda n: 100 + n)
    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.LazyFunction(lambda: places_ensure() or _assen())
    start_date = datetime.date(2026, 9, 1)
    end_date = datetime.date(2027, 3, 1)
    status = Cohort.Status.RECRUITING


def _assen():
    from participants.models import Municipality

    return Municipality.objects.get(name="Assen")


def waiting_newcomer(**kwargs) -> Newcomer:
    return NewcomerFactory(status=Newcomer.Status.WAITING, **kwargs)


def available_buddy(**kwargs) -> Buddy:
    return BuddyFactory(status=Buddy.Status.AVAILABLE, **kwargs)
