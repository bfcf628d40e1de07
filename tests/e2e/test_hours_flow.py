"""On a 390 px phone: a volunteer logs hours in three taps and sees the total move; a coordinator
approves a batch and the yearly summary's hours and value go up."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import PHONE, go_to, log_in
from tests.volunteers.factories import (
    HourEntryFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    today,
)
from vvsite.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_logs_hours_and_a_coordinator_approves_a_batch(
    page: Page, live_server, browser
):
    volunteer = VolunteerFactory(email="maatje@example.org")
    VolunteerRoleFactory(user=volunteer, kind="buddy")
    coordinator = VolunteerFactory(email="coordinator@example.org", roles=[Role.COORDINATOR])
    HourEntryFactory(
        volunteer=volunteer,
        date=today(),
        hours=Decimal("2"),
        status="approved",
        reviewed_by=coordinator,
    )
    for _ in range(2):
        HourEntryFactory(date=today(), hours=Decimal("3"))

    # The volunteer: home page, one tap on a recent combination, one tap to submit.
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, volunteer.email)
    expect(page.get_by_test_id("month-total")).to_contain_text("2 u")
    page.get_by_role("link", name="Maatjescontact, vandaag 2 u").click()
    expect(page.get_by_label("Uren")).to_have_value("2.00")
    page.get_by_role("button", name="Uren invoeren").click()
    expect(page.get_by_role("status")).to_contain_text("2 uur ingevoerd")
    expect(page.get_by_test_id("month-total")).to_contain_text("4 u")
    expect(page.get_by_test_id("year-total")).to_contain_text("4 / 134 u")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The coordinator, on a phone too: the summary, then approve the whole queue.
    context = browser.new_context(viewport=PHONE, locale="nl-NL")
    coord = context.new_page()
    log_in(coord, live_server.url, coordinator.email)
    coord.goto(f"{live_server.url}/uren/jaaroverzicht/")
    expect(coord.get_by_test_id("hours-total")).to_have_text("2")
    expect(coord.get_by_test_id("value-total")).to_have_text("€ 22")
    go_to(coord, "Uren goedkeuren", section="Uren")
    expect(coord.locator("tbody tr")).to_have_count(3)
    coord.wait_for_load_state()  # queue.js (deferred) wires up "select all"
    coord.get_by_label("Alles selecteren").check()
    for box in coord.locator("tbody input[type=checkbox]").all():
        expect(box).to_be_checked()
    coord.get_by_role("button", name="Selectie goedkeuren").click()
    expect(coord.get_by_role("status")).to_contain_text("3 urenregels goedgekeurd")
    expect(coord.locator("tbody")).to_contain_text("Niets goed te keuren")
    coord.goto(f"{live_server.url}/uren/jaaroverzicht/")
    expect(coord.get_by_test_id("hours-total")).to_have_text("10")
    expect(coord.get_by_test_id("value-total")).to_have_text("€ 110")
    expect(coord.get_by_test_id("hours-buddy")).to_have_text("10")
    context.close()

    # The volunteer sees the hours approved.
    page.reload()
    expect(page.get_by_test_id("year-approved")).to_have_text("4 goedgekeurd")
