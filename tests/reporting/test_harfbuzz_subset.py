"""HarfBuzz subsets the fonts (libharfbuzz-subset0): without it PDFs are slower and larger."""

from reporting import checks
from reporting.pdf import font_files, harfbuzz_subset_available


def test_harfbuzz_subsetting_is_available():
    assert harfbuzz_subset_available(), "install Debian's libharfbuzz-subset0 (scripts/setup)"


def test_the_system_check_is_quiet_when_subsetting_and_fonts_are_there():
    assert checks.pdf_rendering(None) == []


def test_the_system_check_warns_without_subsetting(monkeypatch):
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: False)
    assert [warning.id for warning in checks.pdf_rendering(None)] == ["reporting.W001"]


def test_the_system_check_warns_when_a_font_is_missing(monkeypatch):
    font_files.cache_clear()
    monkeypatch.setattr("reporting.pdf._fc_list", lambda pattern: [])
    try:
        assert [warning.id for warning in checks.pdf_rendering(None)] == ["reporting.W002"]
    finally:
        font_files.cache_clear()


def test_the_fonts_come_from_the_system_not_from_the_repository(settings):
    for path in font_files().values():
        assert not path.is_relative_to(settings.BASE_DIR)
        assert path.suffix in {".ttf", ".otf"}
