from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from vvsite.navigation import NavItem


class ParticipantsConfig(AppConfig):
    """Newcomers and buddies: intake, waiting list, organisations, places and assessments."""

    name = "participants"
    verbose_name = _("Participants")
    nav_items = (
        NavItem(_("Newcomers"), "participants:newcomer_list", "people"),
        NavItem(_("Buddies"), "participants:buddy_list", "person-heart"),
        NavItem(_("Waiting list"), "participants:waiting_list", "hourglass-split"),
        NavItem(_("Organisations"), "participants:organisation_list", "building"),
        NavItem(_("Municipalities"), "participants:municipality_list", "geo-alt"),
    )
