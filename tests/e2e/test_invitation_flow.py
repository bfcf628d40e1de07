"""A coordinator invites a buddy from their page; the buddy chooses a password through the link
in the e-mail and, on a 390 px phone, logs in, sees their match and logs hours. No page of the
technical admin is involved."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DESKTOP, PHONE, log_in
from tests.factories import UserFactory
from tests.matching.factories import MatchFactory, available_buddy
from vvsite.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Mijn-eigen-wachtw00rd"


def _link_path(body: str) -> str:
    line = next(line for line in body.splitlines() if "/uitnodiging/" in line)
    return "/" + line.split("://", 1)[1].split("/", 1)[1]


def test_an_invited_buddy_logs_in_on_a_phone_sees_their_match_and_logs_hours(
    page: Page, live_server, browser
):
    coordinator = UserFactory(roles=[Role.COORDINATOR], email="coordinator@example.org")
    buddy = available_buddy(person__email="sara@example.org", person__given_names="Sara")
    match = MatchFactory(buddy=buddy, active=True)
    visited = []

    # The coordinator opens the buddy and invites them.
    page.set_viewport_size(DESKTOP)
    page.on("request", lambda request: visited.append(request.url))
    log_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/maatjes/{buddy.pk}/")
    expect(page.get_by_test_id("account-state")).to_have_text("Niet uitgenodigd")
    page.get_by_test_id("invite").click()
    expect(page.get_by_label("Vrijwilliger")).to_be_checked()
    page.get_by_role("button", name="Uitnodiging sturen").click()
    expect(page.get_by_role("status").first).to_contain_text("sara@example.org")
    expect(page.get_by_test_id("account-state")).to_have_text("Uitgenodigd")

    # The buddy, on a phone: the link in the e-mail, a password, the login.
    message = mail.outbox[-1]
    assert message.to == ["sara@example.org"]
    context = browser.new_context(viewport=PHONE, locale="nl-NL")
    phone = context.new_page()
    phone.on("request", lambda request: visited.append(request.url))
    phone.goto(live_server.url + _link_path(message.body))
    phone.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    phone.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Wachtwoord opslaan").click()
    log_in(phone, live_server.url, "sara@example.org", NEW_PASSWORD)

    # Their match on the start page, then hours.
    own = phone.get_by_test_id("own-matches")
    expect(own).to_contain_text(match.newcomer.person.display_name)
    phone.goto(f"{live_server.url}/uren/nieuw/")
    phone.locator("input[name=date]").fill(timezone.localdate().isoformat())
    phone.locator("input[name=hours]").fill("1.5")
    phone.get_by_role("button", name="Uren invoeren").click()
    expect(phone.get_by_role("status").first).to_contain_text("ingevoerd")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()

    assert not [url for url in visited if "/technisch-beheer/" in url]
