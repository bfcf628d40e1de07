"""Shared steps for browser tests."""

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def log_in(page: Page, live_server_url: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the real login form and wait for the start page."""
    page.goto(f"{live_server_url}/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(f"{live_server_url}/inloggen/")


def open_menu_if_collapsed(page: Page) -> None:
    """On a phone the main menu hides behind the toggler."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") == "false":
        toggler.click()


def go_to(page: Page, item: str, section: str | None = None) -> None:
    """Open a page from the main menu: the entry ``item``, inside the drop-down ``section``
    when the menu groups several entries of an app."""
    open_menu_if_collapsed(page)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    if section:
        nav.get_by_role("button", name=section).click()
    nav.get_by_role("link", name=item).click()
