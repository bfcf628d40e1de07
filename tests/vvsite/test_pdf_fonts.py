"""Fonts for Latin, Arabic and Ethiopic come from Debian's fonts-noto-core, found by fontconfig."""

import pytest

from vvsite.documents import checks
from vvsite.documents.pdf import FONT_FACES, FontsMissing, font_face_css, font_files


@pytest.fixture
def fresh_font_lookup():
    font_files.cache_clear()
    yield
    font_files.cache_clear()


def test_every_face_is_found_and_named_in_the_font_face_rules():
    files = font_files()
    assert set(files) == {pattern for _family, _weight, pattern in FONT_FACES}
    css = font_face_css()
    for family, _weight, pattern in FONT_FACES:
        assert f'font-family: "{family}"' in css
        assert files[pattern].as_uri() in css
    assert files["Noto Sans Ethiopic:style=Regular"].name == "NotoSansEthiopic-Regular.ttf"


def test_the_system_check_warns_when_a_font_is_missing(monkeypatch, fresh_font_lookup):
    monkeypatch.setattr("vvsite.documents.pdf._fc_list", lambda pattern: [])
    assert [warning.id for warning in checks.pdf_rendering(None)] == ["documents.W002"]
    with pytest.raises(FontsMissing, match="Noto Sans Ethiopic"):
        font_files()


def test_the_fonts_come_from_the_system_not_from_the_repository(settings):
    for path in font_files().values():
        assert not path.is_relative_to(settings.BASE_DIR)
        assert path.suffix in {".ttf", ".otf"}


def test_a_setting_can_point_a_face_at_another_file(settings, tmp_path, fresh_font_lookup):
    original = font_files()["Noto Sans:style=Regular"]
    copy = tmp_path / "NotoSans-Regular.ttf"
    copy.write_bytes(original.read_bytes())
    settings.PDF_FONT_FILES = {"Noto Sans:style=Regular": str(copy)}
    font_files.cache_clear()
    assert font_files()["Noto Sans:style=Regular"] == copy.resolve()
