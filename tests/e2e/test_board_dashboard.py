"""A board member opens the key figures from the menu, reads this year's cards and charts, and
switches to last year, at desktop width and on a phone."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DESKTOP, PHONE, go_to, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(settings):
    settings.DEMO_PASSWORD = "demo-wachtwoord"
    call_command("demo_data", stdout=io.StringIO())


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_board_reads_the_key_figures_and_switches_year(
    page: Page, live_server, demo_data, viewport
):
    this_year = timezone.localdate().year
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, "bestuur@demo.example", "demo-wachtwoord")

    go_to(page, "Kerncijfers", section="Rapportage")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kerncijfers {this_year}")
    newcomers = page.locator('[data-kpi="newcomers"]')
    expect(newcomers.get_by_test_id("kpi-value")).to_have_text(re.compile(r"^\d+$"))
    expect(newcomers.locator(".kpi-status")).to_be_visible()  # a word and an icon, not a colour
    charts = page.locator(".chart-image img")
    expect(charts.first).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", charts.first.element_handle()) > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.get_by_label("Jaar").select_option(str(this_year - 1))

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kerncijfers {this_year - 1}")
    expect(page).to_have_url(f"{live_server.url}/dashboard/?jaar={this_year - 1}&gemeente=")
    expect(page.get_by_text("Gehaald").first).to_be_visible()
