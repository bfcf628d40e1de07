"""Factories for hours. Volunteers are users with the volunteer role who started long ago, so a
test can log hours on any past date unless it sets a start date on purpose."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import UserFactory
from volunteers.models import (
    ClosedPeriod,
    HourEntry,
    HourSuggestion,
    RoleKind,
    VolunteerProfile,
    VolunteerRole,
)
from vvsite.models import Role, UserRole


def today() -> date:
    return timezone.localdate()


class VolunteerFactory(UserFactory):
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3 * 366))

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted if extracted is not None else (Role.VOLUNTEER,):
            UserRole.objects.create(user=self, role=Role(role))
        self.__dict__.pop("roles", None)


class VolunteerRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerRole

    user = factory.SubFactory(VolunteerFactory)
    year = factory.LazyFunction(lambda: today().year)
    kind = RoleKind.BUDDY


class HourEntryFactory(factory.django.DjangoModelFactory):
    """An entry written directly, bypassing the service: for arranging data, not for rules."""

    class Meta:
        model = HourEntry

    volunteer = factory.SubFactory(VolunteerFactory)
    date = factory.LazyFunction(lambda: today() - timedelta(days=1))
    hours = Decimal("2")
    activity = "buddy_contact"
    role_kind = RoleKind.BUDDY


class ClosedPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosedPeriod

    year = 2024
    month = 1


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile

    user = factory.SubFactory(VolunteerFactory)


class HourSuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HourSuggestion

    volunteer = factory.SubFactory(VolunteerFactory)
    key = factory.Sequence(lambda n: f"session:{n}")
    date = factory.LazyFunction(lambda: today() - timedelta(days=2))
    hours = Decimal("2.5")
    activity = "coach_group"
