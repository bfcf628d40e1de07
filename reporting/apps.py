from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """KPI targets, dashboards, exports, certificates and the annual report."""

    name = "reporting"
    verbose_name = _("Reporting")
    nav_items = ()

    def ready(self) -> None:
        from reporting import checks  # noqa: F401 - registers the system checks
