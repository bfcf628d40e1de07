"""The PDF renderer loads nothing from the network: only our static files, fonts and data: URIs."""

import socket

import pytest

from tests import pdftools
from vvsite.documents.pdf import (
    BASE_URL,
    STATIC_ORIGIN,
    PDFRenderError,
    ResourceRefused,
    font_files,
    html_to_pdf,
    url_fetcher,
)

REFUSED = [
    "http://example.org/x.png",
    "https://example.org/style.css",
    "file:///etc/passwd",
    "ftp://example.org/x",
    f"{STATIC_ORIGIN}/static/../../../etc/passwd",
    f"{STATIC_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
    f"{STATIC_ORIGIN}/not-static/css/app.css",
    "https://static.vvsite.invalid.example.org/static/css/app.css",
]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    attempts = []

    def connect(self, address):
        attempts.append(address)
        raise AssertionError(f"network access to {address}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.mark.parametrize("url", REFUSED)
def test_the_fetcher_refuses_everything_but_our_own_files(url, no_network):
    with pytest.raises(ResourceRefused):
        url_fetcher().fetch(url)
    assert no_network == []


def test_the_fetcher_serves_our_static_files():
    response = url_fetcher().fetch(f"{BASE_URL}static/cohorts/pdf/certificate.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_the_fetcher_serves_data_uris_and_the_configured_fonts():
    assert url_fetcher().fetch("data:text/plain;base64,aGFsbG8=").read() == b"hallo"
    font = next(iter(font_files().values()))
    assert url_fetcher().fetch(font.as_uri()).read(4) in (b"\x00\x01\x00\x00", b"OTTO")


def test_a_document_asking_for_a_remote_image_fails_without_touching_the_network(no_network):
    html = '<p>Hallo</p><img src="http://example.org/x.png">'
    with pytest.raises(PDFRenderError, match=r"example\.org"):
        html_to_pdf(html)
    assert no_network == []


def test_a_document_with_static_and_data_images_renders():
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    html = f'<p>Hallo</p><img src="{pixel}"><img src="/static/img/favicon.svg" width="20">'
    pdf = html_to_pdf(html)
    assert "Hallo" in pdftools.text(pdf.content)
