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
        from reporting import annual_report, exports
        from vvsite.documents.registry import register_document_kind

        # The annual report only aggregates; the funder exports name people.
        register_document_kind(
            annual_report.ANNUAL_REPORT,
            label=_("Annual report"),
            capability="annual_report.view",
            renderer=annual_report.annual_report,
        )
        register_document_kind(
            exports.FUNDER_EXPORT,
            label=_("Export for a funder"),
            capability="reports.personal",
            renderer=exports.funder_export,
        )
