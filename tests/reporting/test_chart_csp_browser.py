"""In Chromium, a page with charts shows them and reports no Content-Security-Policy violation."""

import pytest
from playwright.sync_api import Page

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.reporting.chart_urls"),
]

# Runs before the page's own scripts (Playwright injects it outside the page's CSP).
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (event) => window.cspViolations.push(event.violatedDirective + " " + event.blockedURI));
"""


def test_charts_load_as_images_without_csp_violations(page: Page, live_server):
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/test-grafieken/")
    page.wait_for_load_state("load")

    images = page.locator(".chart img")
    assert images.count() == 2
    for index in range(2):
        assert images.nth(index).evaluate("img => img.complete && img.naturalWidth") > 0
    assert page.evaluate("window.cspViolations") == []

    # The recorder works: an inline style attribute on this page is a violation.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_function("window.cspViolations.length > 0")
    assert any("style-src" in violation for violation in page.evaluate("window.cspViolations"))
