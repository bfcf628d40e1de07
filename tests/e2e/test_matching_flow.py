"""In a real browser: a coordinator takes a cohort of 15 newcomers and 15 buddies from the
proposal, through one swap, to 15 confirmed, active matches."""

import pytest
from playwright.sync_api import Page, expect

from matching.models import Match
from participants.places import places_ensure
from tests.cohorts.factories import CohortFactory
from tests.e2e.helpers import DESKTOP, go_to, log_in
from tests.factories import UserFactory
from tests.matching.factories import available_buddy, enrol, matchable_newcomer
from tests.participants.factories import neighbourhood
from vvsite.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOODS = ["Kloosterveen", "Pittelo", "Assen-Oost", "Noorderpark", "Lariks"]
INTERESTS = ["cooking", "music", "sports", "walking", "reading", "gardening", "games"]


@pytest.fixture
def cohort_of_fifteen():
    places_ensure()
    cohort = CohortFactory(number=21, name="Voorjaar")
    newcomers = [
        matchable_newcomer(
            person__interests=INTERESTS[i % 5 : i % 5 + 2],
            person__neighbourhood=neighbourhood(HOODS[i % 5]),
        )
        for i in range(15)
    ]
    buddies = [
        available_buddy(
            person__interests=INTERESTS[(i * 3) % 5 : (i * 3) % 5 + 3],
            person__neighbourhood=neighbourhood(HOODS[(i * 2) % 5]),
        )
        for i in range(15)
    ]
    enrol(cohort, *newcomers, *buddies)
    return cohort


def _pairs(page: Page) -> list[tuple[str, str]]:
    rows = page.get_by_test_id("pair")
    return [
        (rows.nth(i).get_attribute("data-newcomer"), rows.nth(i).get_attribute("data-buddy"))
        for i in range(rows.count())
    ]


def test_a_coordinator_confirms_a_cohort_proposal_after_one_swap(
    page: Page, live_server, cohort_of_fifteen
):
    coordinator = UserFactory(roles=[Role.COORDINATOR], email="coordinator@example.org")
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, coordinator.email)
    go_to(page, "Overzicht koppelen", section="Koppelen")
    page.get_by_test_id("cohorts").get_by_role("link", name="Lichting 21").click()

    # The proposal: every newcomer has a buddy, each pair with its points per criterion.
    expect(page.get_by_role("heading", name="Koppelvoorstel")).to_be_visible()
    expect(page.get_by_test_id("pair")).to_have_count(15)
    expect(page.get_by_test_id("unmatched")).to_have_count(0)
    before = _pairs(page)

    # Swap the buddies of the first two pairs.
    rows = page.get_by_test_id("pair")
    rows.nth(0).get_by_role("checkbox").check()
    rows.nth(1).get_by_role("checkbox").check()
    page.get_by_role("button", name="Wissel de twee gekozen regels").click()
    expect(page.get_by_role("status").filter(has_text="Gewisseld")).to_be_visible()
    after = _pairs(page)
    (n1, b1), (n2, b2) = before[0], before[1]
    assert (n1, b2) in after and (n2, b1) in after
    expect(page.locator("tr.changed")).to_have_count(2)
    for row in page.locator("tr.changed").all():
        expect(row.get_by_role("button", name="Vastgezet; losmaken")).to_be_visible()

    # Confirm all fifteen in one step, as active: they met at the kick-off.
    page.get_by_label("Actief: ze hebben al kennisgemaakt").check()
    page.get_by_role("button", name="15 koppelingen bevestigen").click()
    expect(page.get_by_role("status").filter(has_text="15 koppelingen bevestigd")).to_be_visible()
    matches = page.get_by_test_id("cohort-match")
    expect(matches).to_have_count(15)
    expect(matches.filter(has_text="Actief")).to_have_count(15)
    expect(page.get_by_test_id("nothing-to-propose")).to_be_visible()

    confirmed = Match.objects.filter(cohort=cohort_of_fifteen, status=Match.Status.ACTIVE)
    assert confirmed.count() == 15
    made = {(str(n), str(b)) for n, b in confirmed.values_list("newcomer_id", "buddy_id")}
    assert made == set(after)
    assert all(m.buddy.status == "matched" for m in confirmed.select_related("buddy"))
