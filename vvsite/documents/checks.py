"""System checks: warn when PDFs would be slow and large, or could not show every script."""

from django.core import checks

from vvsite.documents.pdf import FontsMissing, font_files, harfbuzz_subset_available


@checks.register()
def pdf_rendering(app_configs, **kwargs) -> list[checks.CheckMessage]:
    problems = []
    if not harfbuzz_subset_available():
        problems.append(
            checks.Warning(
                "HarfBuzz's subsetter is not available: WeasyPrint falls back to fontTools, "
                "which makes PDFs several times slower and larger.",
                hint="Install Debian's libharfbuzz-subset0 (scripts/setup does).",
                id="documents.W001",
            )
        )
    try:
        font_files()
    except FontsMissing as exc:
        problems.append(
            checks.Warning(
                str(exc),
                hint="Certificates need Latin, Arabic and Ethiopic fonts.",
                id="documents.W002",
            )
        )
    return problems
