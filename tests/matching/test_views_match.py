"""One match's page: its course, check-ins, the score it had, and the buttons for its life."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import CheckIn, Match
from participants.models import Buddy, Consent
from tests.matching.factories import (
    CheckInFactory,
    MatchFactory,
    available_buddy,
    matchable_newcomer,
)
from tests.participants.factories import ConsentFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _url(match, name="match_detail"):
    return reverse(f"matching:{name}", args=[match.pk])


def test_a_coordinator_walks_a_match_from_proposed_to_ended(coordinator_client, coordinator):
    match = services.match_create(
        newcomer=matchable_newcomer(), buddy=available_buddy(), by=coordinator
    )
    page = coordinator_client.get(_url(match)).content.decode()
    assert "Ze hebben kennisgemaakt" in page
    rows = [int(p) for p in re.findall(r'data-criterion="\w+" data-points="(-?\d+)"', page)]
    assert len(rows) == 8 and sum(rows) == match.score  # the score it had, explained

    day = TODAY.isoformat()
    coordinator_client.post(_url(match, "match_introduce"), {"on": day})
    coordinator_client.post(_url(match, "match_activate"), {"on": day})
    coordinator_client.post(
        _url(match, "checkin_add"), {"on": day, "how": "worry", "note": "Weinig tijd"}
    )
    response = coordinator_client.post(
        _url(match, "match_end"), {"reason": "no_click", "on": day, "note": ""}, follow=True
    )
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED and match.end_reason == "no_click"
    assert match.buddy.status == Buddy.Status.AVAILABLE
    page = response.content.decode()
    assert "Een nieuw maatje zoeken" in page
    assert "Zorgen" in page and "Weinig tijd" in page
    assert 'data-testid="history"' in page


def test_a_refused_step_says_why(coordinator_client):
    match = MatchFactory()
    response = coordinator_client.post(
        _url(match, "match_activate"),
        {"on": (match.proposed_on - datetime.timedelta(days=3)).isoformat()},
        follow=True,
    )
    assert "kan niet vóór het voorstel liggen" in response.content.decode()
    assert Match.objects.get(pk=match.pk).status == Match.Status.PROPOSED


def test_an_active_match_without_a_check_in_for_six_weeks_is_signalled(coordinator_client):
    long_ago = TODAY - datetime.timedelta(weeks=10)
    quiet = MatchFactory(active=True, proposed_on=long_ago)
    recent = MatchFactory(active=True, proposed_on=long_ago)
    CheckInFactory(match=recent, on=TODAY - datetime.timedelta(weeks=2))
    assert 'data-testid="checkin-overdue"' in coordinator_client.get(_url(quiet)).content.decode()
    assert (
        'data-testid="checkin-overdue"' not in coordinator_client.get(_url(recent)).content.decode()
    )

    overview = coordinator_client.get(reverse("matching:overview")).content.decode()
    assert reverse("matching:match_detail", args=[quiet.pk]) in overview
    assert reverse("matching:match_detail", args=[recent.pk]) not in overview
    assert 'data-testid="needing-checkin-count">1<' in overview


def test_the_page_says_whether_contact_details_may_be_shared(coordinator_client):
    match = MatchFactory()
    assert "Geen toestemming" in coordinator_client.get(_url(match)).content.decode()
    ConsentFactory(person=match.newcomer.person, kind=Consent.Kind.SHARE_WITH_BUDDY)
    assert "geeft toestemming" in coordinator_client.get(_url(match)).content.decode()


def test_check_ins_are_recorded_by_the_coordinator(coordinator_client, coordinator):
    match = MatchFactory(active=True)
    coordinator_client.post(
        _url(match, "checkin_add"), {"on": TODAY.isoformat(), "how": "good", "note": "Fijn"}
    )
    checkin = CheckIn.objects.get(match=match)
    assert checkin.by == coordinator and checkin.how == "good"
