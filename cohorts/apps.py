from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vvsite.navigation import NavItem


class CohortsConfig(AppConfig):
    """Cohorts, programmes, enrolment, coach groups, sessions, attendance and calendars."""

    name = "cohorts"
    verbose_name = _("Cohorts")
    nav_label = _("Cohorts")
    nav_items = (
        NavItem(_("Cohorts"), "cohorts:cohort_list", "collection"),
        NavItem(pgettext_lazy("meetings", "Sessions"), "cohorts:session_list", "calendar-event"),
        NavItem(_("Programmes"), "cohorts:programme_list", "diagram-3"),
        NavItem(_("My group"), "cohorts:my_group", "people"),
        NavItem(_("My sessions"), "cohorts:my_sessions", "calendar-check"),
    )

    def ready(self) -> None:
        from cohorts import certificates
        from cohorts.filters import CohortMembershipFilter
        from cohorts.privacy import anonymise
        from cohorts.selectors import roles_from_groups
        from participants.accounts import register_role_source
        from participants.filters import filter_add
        from participants.privacy import register_anonymiser
        from vvsite.documents.registry import register_document_kind

        for kind, label in (
            (certificates.CERTIFICATE, _("Certificate")),
            (certificates.COHORT_CERTIFICATES, _("Certificates of a cohort")),
        ):
            register_document_kind(
                kind,
                label=label,
                capability="reports.personal",  # certificates name people
                renderer=certificates.certificates_pdf,
            )
        register_anonymiser(anonymise)
        register_role_source(roles_from_groups)
        filter_add("cohort", CohortMembershipFilter)
