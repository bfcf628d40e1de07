"""The suggestions page for one newcomer: buddies ranked by score, each criterion's part shown,
and what is shown adds up."""

import datetime

import pytest
from django.urls import reverse

from matching.models import Exclusion, Match, PairNote
from participants.models import Buddy, Municipality
from tests.cohorts.factories import CohortFactory
from tests.matching.factories import (
    ExclusionFactory,
    MatchFactory,
    PairNoteFactory,
    available_buddy,
    enrol,
    matchable_newcomer,
)
from tests.matching.pages import score_rows
from tests.participants.factories import neighbourhood

pytestmark = pytest.mark.django_db

INTERESTS = ["cooking", "music", "sports", "walking", "reading", "gardening", "games"]
DAY_PARTS = ["weekday_morning", "weekday_afternoon", "weekday_evening", "weekend"]


def _newcomer(**fields):
    fields.setdefault("person__interests", ["cooking", "music", "walking"])
    fields.setdefault("person__languages", ["ar", "en", "nl"])
    fields.setdefault("person__availability", ["weekend", "weekday_evening"])
    fields.setdefault("person__neighbourhood", neighbourhood("Kloosterveen"))
    fields.setdefault("work_sector", "care")
    fields.setdefault("children_ages", [3, 7])
    return matchable_newcomer(**fields)


def _buddies(count: int) -> list[Buddy]:
    hoods = ["Kloosterveen", "Pittelo", "Assen-Oost", "Noorderpark"]
    buddies = []
    for i in range(count):
        buddies.append(
            available_buddy(
                person__birth_date=datetime.date(1950 + i % 40, 3, 1),
                person__interests=INTERESTS[i % 5 : i % 5 + 3] + (["children"] if i % 3 else []),
                person__languages=["nl", "en"] if i % 2 else ["nl", "ar"],
                person__availability=DAY_PARTS[i % 4 : i % 4 + 2],
                person__neighbourhood=neighbourhood(hoods[i % len(hoods)]),
                expertise_sectors=["care"] if i % 4 == 0 else ["finance"],
            )
        )
    return buddies


def _url(newcomer, **query):
    url = reverse("matching:suggestions", args=[newcomer.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_the_shown_contributions_add_up_to_the_shown_score(coordinator_client):
    newcomer = _newcomer()
    buddies = _buddies(12)
    PairNoteFactory(newcomer=newcomer, buddy=buddies[0], points=-5)  # a negative part too
    PairNoteFactory(newcomer=newcomer, buddy=buddies[1], points=4)
    response = coordinator_client.get(_url(newcomer))
    assert response.status_code == 200
    rows = score_rows(response.content.decode(), "suggestion")
    assert len(rows) == 12
    for row in rows:
        assert len(row.points) == 8  # every criterion is shown
        assert row.shown_sum == row.total  # what the coordinator reads adds up
        assert row.points == row.point_attrs and row.total == row.total_attr
    totals = [row.total for row in rows]
    assert totals == sorted(totals, reverse=True)  # best first
    noted = {int(row.attrs["data-buddy"]): row for row in rows}
    assert noted[buddies[0].pk].points["notes"] == -20
    assert noted[buddies[1].pk].points["notes"] == 16


def test_buddies_breaking_a_hard_constraint_or_without_room_are_not_suggested(
    coordinator_client,
):
    newcomer = _newcomer(buddy_gender_preference="female")
    suggested = available_buddy()
    man = available_buddy(person__gender="male")
    excluded = available_buddy()
    ExclusionFactory(newcomer=newcomer, buddy=excluded)
    full = available_buddy()
    MatchFactory(buddy=full)
    far_away = available_buddy(
        person__municipality=Municipality.objects.get(name="Noordenveld"),
        person__neighbourhood=None,
    )
    inactive = available_buddy(status=Buddy.Status.INACTIVE)
    response = coordinator_client.get(_url(newcomer))
    shown = {
        int(row.attrs["data-buddy"]) for row in score_rows(response.content.decode(), "suggestion")
    }
    assert shown == {suggested.pk}
    assert not {man.pk, excluded.pk, full.pk, far_away.pk, inactive.pk} & shown
    assert "Uitgesloten maatjes" in response.content.decode()


def test_the_buddies_can_be_filtered_by_municipality_and_status(coordinator_client):
    newcomer = _newcomer()
    here = available_buddy()
    matched = available_buddy(status=Buddy.Status.MATCHED, max_active_matches=2)
    tynaarlo = Municipality.objects.get(name="Tynaarlo")
    there = available_buddy(
        person__municipality=tynaarlo, person__neighbourhood=neighbourhood("Vries")
    )

    def shown(**query):
        response = coordinator_client.get(_url(newcomer, **query))
        return {
            int(r.attrs["data-buddy"]) for r in score_rows(response.content.decode(), "suggestion")
        }

    assert shown() == {here.pk, matched.pk, there.pk}
    assert shown(municipality=tynaarlo.pk) == {there.pk}
    assert shown(status="matched") == {matched.pk}


def test_the_suggestions_page_runs_as_many_queries_for_many_buddies_as_for_few(
    coordinator_client, django_assert_max_num_queries
):
    newcomer = _newcomer()
    _buddies(2)
    url = _url(newcomer)
    coordinator_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(url)
    budget = len(few)  # now: the query log is a bounded deque
    _buddies(40)
    for buddy in Buddy.objects.all()[:10]:
        PairNoteFactory(newcomer=newcomer, buddy=buddy)
    MatchFactory(newcomer=newcomer, ended=True)
    with django_assert_max_num_queries(budget):
        response = coordinator_client.get(url)
    assert len(score_rows(response.content.decode(), "suggestion")) == 20


def test_matching_from_the_suggestions_makes_a_loose_match_or_one_in_the_shared_cohort(
    coordinator_client, coordinator
):
    newcomer, buddy = _newcomer(), available_buddy()
    response = coordinator_client.post(
        reverse("matching:match_create", args=[newcomer.pk]), {"buddy": buddy.pk}
    )
    match = Match.objects.get(newcomer=newcomer)
    assert response.url == reverse("matching:match_detail", args=[match.pk])
    assert match.cohort is None and match.created_by == coordinator

    cohort = CohortFactory()
    other, their_buddy = _newcomer(), available_buddy()
    enrol(cohort, other, their_buddy)
    coordinator_client.post(
        reverse("matching:match_create", args=[other.pk]), {"buddy": their_buddy.pk}
    )
    assert Match.objects.get(newcomer=other).cohort == cohort


def test_a_newcomer_with_a_match_sees_it_and_cannot_be_matched_again(coordinator_client):
    newcomer = _newcomer()
    match = MatchFactory(newcomer=newcomer)
    available_buddy()
    page = coordinator_client.get(_url(newcomer)).content.decode()
    assert 'data-testid="open-match"' in page
    assert reverse("matching:match_detail", args=[match.pk]) in page
    assert reverse("matching:match_create", args=[newcomer.pk]) not in page


def test_a_note_and_an_exclusion_are_kept_and_lifted(coordinator_client):
    newcomer, buddy = _newcomer(), available_buddy()
    coordinator_client.post(
        reverse("matching:note_set", args=[newcomer.pk]),
        {"buddy": buddy.pk, "points": 3, "text": "Zelfde dorp van herkomst"},
    )
    assert PairNote.objects.get(newcomer=newcomer, buddy=buddy).points == 3
    coordinator_client.post(
        reverse("matching:exclusion_add", args=[newcomer.pk]),
        {"buddy": buddy.pk, "reason": "Buren met ruzie"},
    )
    exclusion = Exclusion.objects.get(newcomer=newcomer, buddy=buddy)
    page = coordinator_client.get(_url(newcomer)).content.decode()
    assert "Buren met ruzie" in page and not score_rows(page, "suggestion")
    coordinator_client.post(reverse("matching:exclusion_remove", args=[newcomer.pk, exclusion.pk]))
    assert not Exclusion.objects.exists()
    assert (
        len(score_rows(coordinator_client.get(_url(newcomer)).content.decode(), "suggestion")) == 1
    )


def test_a_newcomer_without_consent_gets_no_suggestions(coordinator_client):
    newcomer = _newcomer()
    newcomer.person.consents.all().delete()
    available_buddy()
    page = coordinator_client.get(_url(newcomer)).content.decode()
    assert 'data-testid="no-consent"' in page
    assert not score_rows(page, "suggestion")
