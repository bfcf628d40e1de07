"""The life of a match: proposed → introduced → active → ended, and a newcomer matched again."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from matching import services
from matching.models import Match
from participants.models import Buddy, StatusChange
from tests.matching.factories import available_buddy, matchable_newcomer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_match_goes_from_proposed_through_its_first_meeting_to_active_and_ends(coordinator):
    newcomer, buddy = matchable_newcomer(), available_buddy()
    match = services.match_create(
        newcomer=newcomer, buddy=buddy, by=coordinator, on=TODAY - datetime.timedelta(days=20)
    )
    assert match.status == Match.Status.PROPOSED
    assert match.cohort is None  # a loose match
    assert match.score is not None
    assert sum(item["points"] for item in match.explanation) == match.score

    services.match_introduce(match=match, on=TODAY - datetime.timedelta(days=10), by=coordinator)
    assert match.status == Match.Status.INTRODUCED
    buddy.refresh_from_db()
    assert buddy.status == Buddy.Status.AVAILABLE  # not before the match is active

    services.match_activate(match=match, on=TODAY - datetime.timedelta(days=5), by=coordinator)
    buddy.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    assert buddy.status == Buddy.Status.MATCHED

    services.match_end(match=match, reason="moved", on=TODAY, note="Naar Utrecht", by=coordinator)
    match.refresh_from_db()
    buddy.refresh_from_db()
    assert (match.status, match.end_reason, match.ended_on) == ("ended", "moved", TODAY)
    assert buddy.status == Buddy.Status.AVAILABLE
    assert StatusChange.objects.filter(person=buddy.person, to_status="available").exists()
    assert match.history.count() == 4


def test_a_newcomer_whose_match_ended_can_be_matched_again(coordinator):
    newcomer = matchable_newcomer()
    first = services.match_create(newcomer=newcomer, buddy=available_buddy(), by=coordinator)
    with pytest.raises(ValidationError, match="al een koppeling"):
        services.match_create(newcomer=newcomer, buddy=available_buddy(), by=coordinator)
    services.match_end(match=first, reason="no_click", by=coordinator)
    second = services.match_create(newcomer=newcomer, buddy=available_buddy(), by=coordinator)
    assert second.status == Match.Status.PROPOSED
    assert newcomer.matches.count() == 2


def test_a_buddy_with_another_active_match_stays_matched_when_one_ends(coordinator):
    buddy = available_buddy(max_active_matches=2)
    matches = [
        services.match_create(
            newcomer=matchable_newcomer(), buddy=buddy, by=coordinator, status="active"
        )
        for _ in range(2)
    ]
    buddy.refresh_from_db()
    assert buddy.status == Buddy.Status.MATCHED
    services.match_end(match=matches[0], reason="illness", by=coordinator)
    buddy.refresh_from_db()
    assert buddy.status == Buddy.Status.MATCHED


def test_steps_out_of_order_are_refused(coordinator):
    match = services.match_create(
        newcomer=matchable_newcomer(), buddy=available_buddy(), by=coordinator
    )
    with pytest.raises(ValidationError, match="Alleen een voorgestelde"):
        services.match_introduce(match=match, by=coordinator)  # fine the first time …
        services.match_introduce(match=match, by=coordinator)  # … not twice
    with pytest.raises(ValidationError):
        services.match_end(match=match, reason="because", by=coordinator)
    with pytest.raises(ValidationError, match="toekomst"):
        services.match_activate(match=match, on=TODAY + datetime.timedelta(days=1), by=coordinator)
    with pytest.raises(ValidationError, match="niet vóór"):
        services.match_activate(
            match=match, on=match.proposed_on - datetime.timedelta(days=1), by=coordinator
        )
    services.match_end(match=match, reason="other", by=coordinator)
    with pytest.raises(ValidationError, match="al beëindigd"):
        services.match_end(match=match, reason="other", by=coordinator)


def test_check_ins_are_dated_within_the_match(coordinator):
    match = services.match_create(
        newcomer=matchable_newcomer(), buddy=available_buddy(), by=coordinator, status="active"
    )
    checkin = services.checkin_add(match=match, how="good", note="Gaat goed", by=coordinator)
    assert checkin.on == TODAY
    assert checkin.by == coordinator
    with pytest.raises(ValidationError):
        services.checkin_add(
            match=match, how="good", on=match.proposed_on - datetime.timedelta(1), by=coordinator
        )


def test_a_newcomer_without_consent_is_not_matched(coordinator):
    newcomer = matchable_newcomer()
    newcomer.person.consents.all().delete()
    with pytest.raises(ValidationError, match="verwerken"):
        services.match_create(newcomer=newcomer, buddy=available_buddy(), by=coordinator)


def test_a_person_is_never_their_own_buddy(coordinator):
    newcomer = matchable_newcomer()
    buddy = available_buddy(person=newcomer.person)
    with pytest.raises(ValidationError, match="eigen maatje"):
        services.match_create(newcomer=newcomer, buddy=buddy, by=coordinator)
