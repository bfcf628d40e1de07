from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from vvsite.navigation import NavItem


class MatchingConfig(AppConfig):
    """Scores, suggestions, optimal proposals and the life of a match."""

    name = "matching"
    verbose_name = _("Matching")
    nav_label = _("Matching")
    nav_items = (
        NavItem(_("Matching overview"), "matching:overview", "diagram-2"),
        NavItem(_("Newcomers without a buddy"), "matching:newcomer_list", "person-plus"),
        NavItem(_("All matches"), "matching:match_list", "people"),
        NavItem(_("Matching weights"), "matching:weights", "sliders"),
    )

    def ready(self) -> None:
        from cohorts.selectors import register_match_reads
        from matching.privacy import anonymise
        from matching.selectors import match_counts_for_cohort, pairs_in_groups
        from participants.privacy import register_anonymiser

        register_anonymiser(anonymise)
        register_match_reads(
            counts_for_cohort=match_counts_for_cohort, pairs_in_groups=pairs_in_groups
        )
