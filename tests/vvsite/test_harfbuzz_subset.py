"""HarfBuzz subsets the fonts (libharfbuzz-subset0): without it PDFs are slower and larger."""

from vvsite.documents import checks
from vvsite.documents.pdf import harfbuzz_subset_available


def test_harfbuzz_subsetting_is_available():
    assert harfbuzz_subset_available(), "install Debian's libharfbuzz-subset0 (scripts/setup)"


def test_the_system_check_is_quiet_when_subsetting_and_fonts_are_there():
    assert checks.pdf_rendering(None) == []


def test_the_system_check_warns_without_subsetting(monkeypatch):
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: False)
    assert [warning.id for warning in checks.pdf_rendering(None)] == ["documents.W001"]
