"""Confirming a proposal: every pair becomes a match in one step, or none does; the database
keeps one open match per newcomer, and a buddy's maximum holds when two coordinators confirm at
the same moment."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction

from matching import services
from matching.models import Match
from participants.models import Buddy
from tests.cohorts.factories import CohortFactory
from tests.matching.factories import (
    ExclusionFactory,
    MatchFactory,
    available_buddy,
    enrol,
    matchable_newcomer,
)

pytestmark = pytest.mark.django_db


def _cohort_of(size: int, **buddy_fields):
    cohort = CohortFactory()
    newcomers = [matchable_newcomer() for _ in range(size)]
    buddies = [available_buddy(**buddy_fields) for _ in range(size)]
    enrol(cohort, *newcomers, *buddies)
    return cohort, newcomers, buddies


def test_confirming_makes_every_pair_a_match_with_its_score(coordinator):
    cohort, newcomers, buddies = _cohort_of(3)
    pairs = [(n.pk, b.pk) for n, b in zip(newcomers, buddies, strict=True)]
    made = services.match_confirm_many(cohort=cohort, pairs=pairs, by=coordinator, status="active")
    assert len(made) == 3
    for match in made:
        assert match.cohort == cohort
        assert match.status == Match.Status.ACTIVE
        assert match.created_by == coordinator
        assert sum(part["points"] for part in match.explanation) == match.score
    assert set(Buddy.objects.values_list("status", flat=True)) == {Buddy.Status.MATCHED}


def test_one_pair_breaking_a_rule_refuses_the_whole_set_and_names_it(coordinator):
    cohort, newcomers, buddies = _cohort_of(3)
    ExclusionFactory(newcomer=newcomers[2], buddy=buddies[2])
    pairs = [(n.pk, b.pk) for n, b in zip(newcomers, buddies, strict=True)]
    with pytest.raises(ValidationError) as refused:
        services.match_confirm_many(cohort=cohort, pairs=pairs, by=coordinator)
    message = refused.value.messages[0]
    assert newcomers[2].person.display_name in message
    assert buddies[2].person.display_name in message
    assert "Uitgesloten door de coördinator" in message
    assert not Match.objects.exists()


def test_a_gender_preference_is_never_broken(coordinator):
    cohort = CohortFactory()
    newcomer = matchable_newcomer(buddy_gender_preference="female")
    buddy = available_buddy(person__gender="male")
    enrol(cohort, newcomer, buddy)
    with pytest.raises(ValidationError, match="Voorkeur voor gender"):
        services.match_confirm_many(cohort=cohort, pairs=[(newcomer.pk, buddy.pk)], by=coordinator)


def test_a_buddy_over_their_maximum_or_a_newcomer_twice_is_refused(coordinator):
    cohort, newcomers, buddies = _cohort_of(2)
    with pytest.raises(ValidationError, match="nog 1 koppeling aan, geen 2"):
        services.match_confirm_many(
            cohort=cohort,
            pairs=[(newcomers[0].pk, buddies[0].pk), (newcomers[1].pk, buddies[0].pk)],
            by=coordinator,
        )
    with pytest.raises(ValidationError, match="meer dan één paar"):
        services.match_confirm_many(
            cohort=cohort,
            pairs=[(newcomers[0].pk, buddies[0].pk), (newcomers[0].pk, buddies[1].pk)],
            by=coordinator,
        )
    assert not Match.objects.exists()


def test_a_buddy_with_room_for_two_takes_two(coordinator):
    cohort, newcomers, buddies = _cohort_of(2, max_active_matches=2)
    made = services.match_confirm_many(
        cohort=cohort,
        pairs=[(newcomers[0].pk, buddies[0].pk), (newcomers[1].pk, buddies[0].pk)],
        by=coordinator,
    )
    assert len(made) == 2


def test_pairs_outside_the_cohort_are_refused(coordinator):
    cohort, newcomers, _buddies = _cohort_of(1)
    stranger = available_buddy()
    with pytest.raises(ValidationError, match="moeten meedoen"):
        services.match_confirm_many(
            cohort=cohort, pairs=[(newcomers[0].pk, stranger.pk)], by=coordinator
        )


def _raw_match(**fields):
    with transaction.atomic():
        return MatchFactory(**fields)


def test_the_database_refuses_a_second_open_match_for_a_newcomer():
    first = _raw_match()
    with pytest.raises(IntegrityError):
        _raw_match(newcomer=first.newcomer)
    _raw_match(newcomer=first.newcomer, ended=True)  # ended matches do not count


def test_the_database_refuses_dates_and_end_reasons_out_of_step():
    with pytest.raises(IntegrityError):  # active without a start
        _raw_match(status=Match.Status.ACTIVE)
    with pytest.raises(IntegrityError):  # ended without a reason
        _raw_match(status=Match.Status.ENDED, ended_on="2025-02-01")
    with pytest.raises(IntegrityError):  # a reason while still open
        _raw_match(end_reason=Match.EndReason.MOVED)
    with pytest.raises(IntegrityError):  # ended before it was proposed
        _raw_match(ended=True, ended_on="2024-12-01")
    with pytest.raises(IntegrityError):  # started before the first meeting
        _raw_match(status=Match.Status.ACTIVE, introduced_on="2025-02-01", started_on="2025-01-20")
    newcomer = matchable_newcomer()
    with pytest.raises(IntegrityError):  # with oneself
        _raw_match(newcomer=newcomer, buddy=available_buddy(person=newcomer.person))


# --- Two coordinators at the same moment ---------------------------------------------------------

POSTGRES_ONLY = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="SQLite lets one writer in at a time; the race needs a database with row locks",
)


@pytest.fixture
def slow_confirm(monkeypatch):
    """Hold each confirmation a moment between counting and writing, so that two of them
    overlap for sure: without the locks both would count the same free place."""
    scores = services._scores

    def slowly(*args, **kwargs):
        time.sleep(0.3)
        return scores(*args, **kwargs)

    monkeypatch.setattr(services, "_scores", slowly)


def _race(*attempts):
    """Run each attempt in its own thread and transaction, released at the same moment."""
    barrier = threading.Barrier(len(attempts))
    outcomes = []

    def run(attempt):
        try:
            barrier.wait()
            attempt()
            outcomes.append("made")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
@POSTGRES_ONLY
def test_two_coordinators_giving_a_buddy_their_last_place_at_once_give_it_to_one(
    coordinator, slow_confirm
):
    assert connection.vendor == "postgresql"
    buddy = available_buddy(max_active_matches=1)
    newcomers = [matchable_newcomer(), matchable_newcomer()]

    def confirm(newcomer):
        return lambda: services.match_confirm_many(
            cohort=None, pairs=[(newcomer.pk, buddy.pk)], by=coordinator
        )

    assert _race(*(confirm(n) for n in newcomers)) == ["made", "refused"]
    assert Match.objects.filter(buddy=buddy).count() == 1


@pytest.mark.django_db(transaction=True)
@POSTGRES_ONLY
def test_two_coordinators_matching_one_newcomer_at_once_make_one_match(coordinator, slow_confirm):
    assert connection.vendor == "postgresql"
    newcomer = matchable_newcomer()
    buddies = [available_buddy(), available_buddy()]

    def confirm(buddy):
        return lambda: services.match_confirm_many(
            cohort=None, pairs=[(newcomer.pk, buddy.pk)], by=coordinator
        )

    assert _race(*(confirm(b) for b in buddies)) == ["made", "refused"]
    assert Match.objects.filter(newcomer=newcomer).count() == 1


@pytest.mark.django_db(transaction=True)
@POSTGRES_ONLY
def test_two_whole_proposals_sharing_people_in_opposite_order_do_not_deadlock(
    coordinator, slow_confirm
):
    """Locks are taken in key order, so two sets listing the same people the other way round
    wait for each other instead of deadlocking; the second then finds the places taken."""
    assert connection.vendor == "postgresql"
    newcomers = [matchable_newcomer() for _ in range(4)]
    buddies = [available_buddy() for _ in range(4)]
    forward = [(n.pk, b.pk) for n, b in zip(newcomers, buddies, strict=True)]
    backward = [(n.pk, b.pk) for n, b in zip(reversed(newcomers), buddies, strict=True)]

    def confirm(pairs):
        return lambda: services.match_confirm_many(cohort=None, pairs=pairs, by=coordinator)

    assert _race(confirm(forward), confirm(backward)) == ["made", "refused"]
    assert Match.objects.count() == 4
