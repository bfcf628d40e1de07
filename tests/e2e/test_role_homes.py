"""Each demo role logs in and lands on its own start page, in Dutch and after switching in English,
at desktop width and on a 390 px phone."""

import io
from typing import NamedTuple

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DESKTOP, PHONE, log_in, open_menu_if_collapsed
from vvsite.demo import DEMO_LOGINS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Heading(NamedTuple):
    dutch: str
    english: str


HEADINGS = {  # role -> heading of its section on the start page
    "coordinator": Heading("Coördinator", "Coordinator"),
    "coach": Heading("Coach", "Coach"),
    "volunteer": Heading("Vrijwilliger", "Volunteer"),
    "board": Heading("Bestuur", "Board"),
    "admin": Heading("Beheerder", "Administrator"),
}


@pytest.fixture
def demo_data(settings):
    settings.DEMO_PASSWORD = "demo-wachtwoord"
    call_command("demo_data", stdout=io.StringIO())


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    "login", DEMO_LOGINS, ids=[login.email.split("@")[0] for login in DEMO_LOGINS]
)
def test_demo_login_shows_its_role_home_in_dutch_then_english(
    page: Page, live_server, demo_data, login, viewport
):
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, login.email, "demo-wachtwoord")

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    for role in login.roles:
        expect(page.locator(f"#home-{role}")).to_have_text(HEADINGS[role].dutch)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    open_menu_if_collapsed(page)
    page.get_by_label("Taal").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    for role in login.roles:
        expect(page.locator(f"#home-{role}")).to_have_text(HEADINGS[role].english)
