from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from vvsite.navigation import NavItem


class ReportingConfig(AppConfig):
    """KPI targets, dashboards, exports, certificates and the annual report."""

    name = "reporting"
    verbose_name = _("Reporting")
    nav_label = _("Reporting")
    nav_items = (
        NavItem(_("Key figures"), "reporting:dashboard", "speedometer2"),
        NavItem(_("Annual report"), "reporting:annual_report", "journal-text"),
        NavItem(_("Exports for funders"), "reporting:export", "file-earmark-spreadsheet"),
        NavItem(_("Targets"), "reporting:targets_current", "bullseye"),
    )

    def ready(self) -> None:
        # System checks, and the renderers of the annual report and the funder exports.
        from reporting import annual_report, checks, exports  # noqa: F401
