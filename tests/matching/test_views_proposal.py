"""A cohort's proposal on screen: scores beside each pair, pins, swaps and one confirmation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.models import Match
from tests.cohorts.factories import CohortFactory
from tests.matching.factories import MatchFactory, available_buddy, enrol, matchable_newcomer
from tests.matching.pages import score_rows
from tests.participants.factories import neighbourhood

pytestmark = pytest.mark.django_db

HOODS = ["Kloosterveen", "Pittelo", "Assen-Oost", "Noorderpark", "Lariks"]
INTERESTS = ["cooking", "music", "sports", "walking", "reading", "gardening"]


def _cohort(size: int, *, newcomers: int | None = None):
    cohort = CohortFactory(newcomer_capacity=max(size, newcomers or 0), buddy_capacity=size)
    people = []
    for i in range(newcomers if newcomers is not None else size):
        people.append(
            matchable_newcomer(
                person__interests=INTERESTS[i % 4 : i % 4 + 2],
                person__neighbourhood=neighbourhood(HOODS[i % 5]),
            )
        )
    buddies = [
        available_buddy(
            person__interests=INTERESTS[(i + 1) % 4 : (i + 1) % 4 + 3],
            person__neighbourhood=neighbourhood(HOODS[(i * 2) % 5]),
        )
        for i in range(size)
    ]
    enrol(cohort, *people, *buddies)
    return cohort, people, buddies


def _url(cohort, name="cohort_proposal"):
    return reverse(f"matching:{name}", args=[cohort.pk])


def _pairs(client, cohort):
    page = client.get(_url(cohort)).content.decode()
    rows = score_rows(page, "pair")
    return page, rows, [(int(r.attrs["data-newcomer"]), int(r.attrs["data-buddy"])) for r in rows]


def test_the_proposal_shows_every_pair_with_contributions_that_add_up(coordinator_client):
    cohort, newcomers, _buddies = _cohort(6)
    page, rows, pairs = _pairs(coordinator_client, cohort)
    assert len(rows) == 6
    assert {n for n, _b in pairs} == {n.pk for n in newcomers}
    for row in rows:
        assert row.shown_sum == row.total == row.total_attr
    assert f'data-testid="proposal-total">{sum(r.total for r in rows)}<' in page


def test_swapping_two_pairs_exchanges_their_buddies_and_pins_them(coordinator_client):
    cohort, _n, _b = _cohort(4)
    _page, _rows, pairs = _pairs(coordinator_client, cohort)
    (n1, b1), (n2, b2) = pairs[0], pairs[1]
    response = coordinator_client.post(
        _url(cohort, "proposal_change"),
        {"action": "swap", "line": [f"{n1}-{b1}", f"{n2}-{b2}"]},
        follow=True,
    )
    assert "Gewisseld" in response.content.decode()
    _page, rows, after = _pairs(coordinator_client, cohort)
    assert (n1, b2) in after and (n2, b1) in after
    changed = [r for r in rows if "changed" in (r.attrs.get("class") or "")]
    assert len(changed) == 2
    # Proposing again keeps the swapped pairs: they are pinned.
    coordinator_client.post(_url(cohort, "proposal_change"), {"action": "propose"})
    _page, _rows, again = _pairs(coordinator_client, cohort)
    assert (n1, b2) in again and (n2, b1) in again


def test_a_free_buddy_can_take_a_newcomer_left_over(coordinator_client):
    cohort, newcomers, _buddies = _cohort(2, newcomers=3)
    page, _rows, pairs = _pairs(coordinator_client, cohort)
    assert page.count('data-testid="unmatched"') == 1
    assert "Alle maatjes die voor deze nieuwkomer in aanmerking kwamen" in page
    left = next(n.pk for n in newcomers if n.pk not in {p[0] for p in pairs})
    n1, b1 = pairs[0]
    coordinator_client.post(
        _url(cohort, "proposal_change"), {"action": "swap", "line": [f"{n1}-{b1}", f"{left}-0"]}
    )
    _page, _rows, after = _pairs(coordinator_client, cohort)
    assert (left, b1) in after and n1 not in {p[0] for p in after}


def test_a_pinned_pair_of_ones_own_stays_and_the_rest_is_proposed_around_it(
    coordinator_client,
):
    cohort, newcomers, buddies = _cohort(3)
    _page, _rows, pairs = _pairs(coordinator_client, cohort)
    wanted = next((n.pk, b.pk) for n in newcomers for b in buddies if (n.pk, b.pk) not in pairs)
    coordinator_client.post(
        _url(cohort, "proposal_change"),
        {"action": "pin", "newcomer": wanted[0], "buddy": wanted[1]},
    )
    _page, _rows, after = _pairs(coordinator_client, cohort)
    assert wanted in after and len(after) == 3
    coordinator_client.post(_url(cohort, "proposal_change"), {"toggle": wanted[0]})
    coordinator_client.post(_url(cohort, "proposal_change"), {"action": "propose"})
    _page, _rows, fresh = _pairs(coordinator_client, cohort)
    assert sorted(fresh) == sorted(pairs)


def test_a_swap_that_breaks_a_hard_constraint_is_refused(coordinator_client):
    cohort = CohortFactory()
    her = matchable_newcomer(buddy_gender_preference="female")
    him = matchable_newcomer(person__gender="male")
    woman = available_buddy()
    man = available_buddy(person__gender="male")
    enrol(cohort, her, him, woman, man)
    _page, _rows, pairs = _pairs(coordinator_client, cohort)
    assert sorted(pairs) == sorted([(her.pk, woman.pk), (him.pk, man.pk)])
    response = coordinator_client.post(
        _url(cohort, "proposal_change"),
        {"action": "swap", "line": [f"{her.pk}-{woman.pk}", f"{him.pk}-{man.pk}"]},
        follow=True,
    )
    assert "Voorkeur voor gender" in response.content.decode()
    _page, _rows, after = _pairs(coordinator_client, cohort)
    assert sorted(after) == sorted(pairs)


def test_confirming_makes_all_pairs_matches_in_one_step(coordinator_client):
    cohort, _n, _b = _cohort(5)
    _page, _rows, pairs = _pairs(coordinator_client, cohort)
    response = coordinator_client.post(
        _url(cohort, "proposal_confirm"),
        {"pair": [f"{n}-{b}" for n, b in pairs], "status": "active", "on": "2025-03-01"},
        follow=True,
    )
    page = response.content.decode()
    assert "5 koppelingen bevestigd" in page
    assert Match.objects.filter(cohort=cohort, status="active").count() == 5
    assert page.count('data-testid="cohort-match"') == 5
    assert 'data-testid="nothing-to-propose"' in page


def test_a_stale_proposal_is_refused_whole(coordinator_client):
    cohort, newcomers, _b = _cohort(3)
    _page, _rows, pairs = _pairs(coordinator_client, cohort)
    MatchFactory(newcomer=newcomers[0])  # another coordinator matched one meanwhile
    response = coordinator_client.post(
        _url(cohort, "proposal_confirm"),
        {"pair": [f"{n}-{b}" for n, b in pairs], "status": "proposed", "on": "2025-03-01"},
        follow=True,
    )
    assert "al een koppeling" in response.content.decode()
    assert Match.objects.filter(cohort=cohort).count() == 0


def test_the_proposal_page_runs_as_many_queries_for_a_big_cohort_as_for_a_small_one(
    coordinator_client, django_assert_max_num_queries
):
    small, _n, _b = _cohort(2)
    coordinator_client.get(_url(small))
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(_url(small))
    budget = len(few)  # now: the query log is a bounded deque
    big, newcomers, _b = _cohort(25)
    MatchFactory(newcomer=newcomers[0], cohort=big, buddy=_b[0])
    coordinator_client.get(_url(big))
    with django_assert_max_num_queries(budget):
        response = coordinator_client.get(_url(big))
    assert len(score_rows(response.content.decode(), "pair")) == 24
