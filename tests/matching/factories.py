"""Factories for matching: people who may be matched, matches and the coordinator's remarks."""

from __future__ import annotations

import datetime

import factory

from cohorts.models import Enrolment
from cohorts.services.enrolment import enrolment_add
from matching.models import CheckIn, Exclusion, Match, PairNote
from participants.models import Buddy, Consent, Newcomer
from tests.participants.factories import BuddyFactory, ConsentFactory, NewcomerFactory


def matchable_newcomer(**kwargs) -> Newcomer:
    """A newcomer on the waiting list who agreed to the processing of their data."""
    kwargs.setdefault("status", Newcomer.Status.WAITING)
    newcomer = NewcomerFactory(**kwargs)
    ConsentFactory(person=newcomer.person, kind=Consent.Kind.PROCESSING)
    return newcomer


def available_buddy(**kwargs) -> Buddy:
    kwargs.setdefault("status", Buddy.Status.AVAILABLE)
    kwargs.setdefault("vog_received_on", datetime.date(2024, 1, 10))
    kwargs.setdefault("vog_requested_on", datetime.date(2024, 1, 2))
    kwargs.setdefault("intake_date", datetime.date(2024, 1, 2))
    return BuddyFactory(**kwargs)


def enrol(cohort, *profiles) -> None:
    """Place newcomers and buddies in a cohort through the cohorts service."""
    for profile in profiles:
        role = Enrolment.Role.NEWCOMER if isinstance(profile, Newcomer) else Enrolment.Role.BUDDY
        enrolment_add(cohort=cohort, person=profile.person, role=role)
        profile.refresh_from_db()


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    newcomer = factory.LazyFunction(matchable_newcomer)
    buddy = factory.LazyFunction(available_buddy)
    status = Match.Status.PROPOSED
    proposed_on = datetime.date(2025, 1, 6)

    class Params:
        active = factory.Trait(
            status=Match.Status.ACTIVE,
            introduced_on=factory.SelfAttribute("proposed_on"),
            started_on=factory.SelfAttribute("proposed_on"),
        )
        ended = factory.Trait(
            status=Match.Status.ENDED,
            ended_on=factory.SelfAttribute("proposed_on"),
            end_reason=Match.EndReason.NO_CLICK,
        )


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    match = factory.SubFactory(MatchFactory, active=True)
    on = datetime.date(2025, 2, 1)
    how = CheckIn.How.GOOD


class ExclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exclusion

    newcomer = factory.LazyFunction(matchable_newcomer)
    buddy = factory.LazyFunction(available_buddy)
    reason = "Kennen elkaar al van het werk"


class PairNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairNote

    newcomer = factory.LazyFunction(matchable_newcomer)
    buddy = factory.LazyFunction(available_buddy)
    points = 3
