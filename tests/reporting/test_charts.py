"""Charts: pygal SVG without scripts, shown as an image beside its numbers, under the page's CSP,
and the same SVG in a PDF."""

import base64
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.template import engines

from reporting.charts import bar_chart, line_chart
from tests import pdftools
from tests.reporting.chart_urls import sample_charts
from vvsite.documents.pdf import html_to_pdf

SVG_URI = "data:image/svg+xml;base64,"


def _svg_of(data_uri: str) -> str:
    assert data_uri.startswith(SVG_URI)
    return base64.b64decode(data_uri[len(SVG_URI) :]).decode()


def test_the_svg_has_no_script_and_is_well_formed():
    chart = sample_charts()["trend"]
    assert "<script" not in chart.svg.lower()
    root = ElementTree.fromstring(chart.svg)  # noqa: S314 - our own SVG
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "Deelnemers per jaar" in chart.svg
    assert "2023" in chart.svg


def test_pygal_would_embed_a_script_without_our_filter():
    # Proof that the test above can fail: pygal adds its config <script> even with js=[].
    import pygal

    raw = pygal.Line(js=[]).render(is_unicode=True)
    assert "<script" in raw


def test_the_data_uri_holds_the_same_svg():
    chart = sample_charts()["trend"]
    assert _svg_of(chart.data_uri) == chart.svg


def test_the_table_shows_the_numbers_and_hides_small_groups_of_people():
    groups = sample_charts()["groups"]
    assert groups.rows == [("Noordstad", ["30"]), ("Zuiddorp", ["< 5"]), ("Westhoek", ["8"])]
    assert groups.plotted(groups.series[0]) == [30, None, 8]


def test_numbers_that_are_not_people_are_all_shown():
    hours = bar_chart("Uren", ["2023", "2024"], {"Uren": [1234.5, 3]})
    assert hours.rows == [("2023", ["1.234,5"]), ("2024", ["3"])]


def test_series_must_match_the_labels():
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        line_chart("Trend", [1, 2, 3], {"A": [1, 2]})


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.urls("tests.reporting.chart_urls")
@pytest.mark.django_db
def test_a_page_with_charts_keeps_to_the_content_security_policy(client):
    response = client.get("/test-grafieken/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert re.search(r"img-src 'self' data:", policy)
    assert "unsafe-inline" not in policy

    collector = _Collector()
    collector.feed(response.content.decode())
    tags = collector.tags
    assert not [tag for tag, _attrs in tags if tag == "style"]
    assert not [
        (tag, a) for tag, attrs in tags for a in attrs if a == "style" or a.startswith("on")
    ]
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts and all(attrs.get("src") and attrs.get("nonce") for attrs in scripts)

    images = [attrs for tag, attrs in tags if tag == "img" and attrs["src"].startswith(SVG_URI)]
    assert len(images) == 2
    for attrs in images:
        assert "<script" not in _svg_of(attrs["src"]).lower()
        assert attrs["alt"]
    tables = [attrs for tag, attrs in tags if tag == "table"]
    assert len(tables) == 2


def test_the_same_chart_is_drawn_in_a_pdf():
    charts = sample_charts()
    html = engines["django"].from_string("{% load reporting %}{% chart trend %}").render(charts)
    pdf = html_to_pdf(html)
    text = pdftools.text(pdf.content)
    # The title and axis labels come from the SVG image; the table repeats the numbers.
    assert text.count("Deelnemers per jaar") >= 2
    assert "Nieuwkomers" in text
    assert pdf.missing_glyphs == set()
