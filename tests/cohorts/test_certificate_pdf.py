"""Certificates as PDF: a page per person, every script printed with real glyphs, small files."""

import pytest
from django.utils import translation

from cohorts.certificates import (
    MAX_NOTE_LENGTH,
    CertificateTooLong,
    native_name_attributes,
    render_certificates,
)
from participants.vocab import Pillar
from tests import pdftools
from tests.cohorts.factories import ARABIC, ETHIOPIC, LATIN, certificate_data

NAMES = [LATIN, ARABIC, ETHIOPIC]


@pytest.fixture(scope="module")
def three():
    """Three certificates rendered once for the module: Latin, Arabic and Ethiopic names."""
    with translation.override("nl"):
        return render_certificates([certificate_data(names) for names in NAMES])


def test_three_certificates_make_one_pdf_with_a_page_each(three):
    assert three.pages == 3
    assert pdftools.page_count(three.content) == 3


@pytest.mark.parametrize("page", [1, 2, 3])
def test_each_page_carries_its_persons_names_as_text(three, page):
    latin, native, _language = NAMES[page - 1]
    text = pdftools.text(three.content, page)
    assert latin in text
    if native:
        assert native in text  # the text layer maps the shaped glyphs back to the name
    for other_latin, _native, _lang in NAMES:
        if other_latin != latin:
            assert other_latin not in text


def test_the_certificate_is_dutch_by_default(three):
    text = pdftools.text(three.content, 1)
    assert "Certificaat" in text
    assert "Groei per pijler" in text
    assert "Sociale contacten" in text
    assert "31 augustus 2025" in text


def test_fonts_for_latin_arabic_and_ethiopic_are_embedded_as_subsets(three):
    fonts = pdftools.fonts(three.content)
    names = {font["name"].split("+", 1)[-1] for font in fonts}
    assert {"Noto-Sans", "Noto-Sans-Bold", "Noto-Naskh-Arabic", "Noto-Sans-Ethiopic"} <= names
    for font in fonts:
        assert font["emb"] == "yes", font
        assert font["sub"] == "yes", font  # "ABCDEF+Name": a subset
        assert font["uni"] == "yes", font  # with a ToUnicode map: text can be copied


def test_no_glyph_is_missing(three):
    # WeasyPrint draws .notdef for a character no font has, warns, and gives that font a
    # custom encoding instead of Identity-H: neither happened.
    assert three.missing_glyphs == set()
    assert {font["encoding"] for font in pdftools.fonts(three.content)} == {"Identity-H"}


def test_a_character_no_font_has_is_reported_as_missing():
    # The check above can fail: a character outside every installed font (U+1FAE8).
    name = ("Test Persoon", "Test \U0001fae8", "")
    pdf = render_certificates([certificate_data(name)])
    assert pdf.missing_glyphs == {"U+1FAE8"}
    assert "Custom" in {font["encoding"] for font in pdftools.fonts(pdf.content)}


def test_subset_fonts_keep_the_file_small(three):
    # The full Noto Sans, Naskh Arabic and Ethiopic files weigh over 1 MB together.
    assert len(three.content) < 60_000


def test_arabic_script_names_run_right_to_left_with_their_language():
    assert native_name_attributes(certificate_data(ARABIC)) == {"lang": "ar", "dir": "rtl"}
    assert native_name_attributes(certificate_data(ETHIOPIC)) == {"lang": "ti", "dir": "ltr"}
    unknown_language = certificate_data(("Nour Haddad", "نور حداد", ""))
    assert native_name_attributes(unknown_language) == {"lang": "und-Arab", "dir": "rtl"}


@pytest.mark.parametrize("length", [140, 260, MAX_NOTE_LENGTH])  # the top of each density
def test_long_notes_still_fit_on_one_page(length):
    sentence = "Groeide in dit onderdeel, met hulp van het maatje en de coach. "
    notes = dict.fromkeys(Pillar.values, (sentence * 20)[:length])
    pdf = render_certificates([certificate_data(ARABIC, growth_notes=notes)])
    assert pdf.pages == 1


def test_a_certificate_that_does_not_fit_on_one_page_is_an_error():
    endless = dict.fromkeys(Pillar.values, "Groeide veel. " * 400)
    items = [certificate_data(), certificate_data(growth_notes=endless), certificate_data()]
    with translation.override("nl"), pytest.raises(CertificateTooLong) as error:
        render_certificates(items)
    assert str(error.value) == (
        "Certificaat 2 van 3 past niet op één pagina: maak de groeinotities korter."
    )


def test_unknown_pillars_and_roles_are_refused():
    with pytest.raises(ValueError, match="pillars"):
        certificate_data(growth_notes={"sport": "Voetbalt."})
    with pytest.raises(ValueError, match="role"):
        certificate_data(role="coach")


def test_progress_is_reported_after_each_certificate():
    calls = []
    render_certificates(
        [certificate_data(), certificate_data()], progress=lambda *a: calls.append(a)
    )
    assert calls == [(1, 2), (2, 2)]
