from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    """Cohorts, programmes, enrolment, coach groups, sessions, attendance and calendars."""

    name = "cohorts"
    verbose_name = _("Cohorts")
    nav_items = ()
