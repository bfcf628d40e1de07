from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    """Newcomers and buddies: intake, waiting list, organisations, municipalities, assessments."""

    name = "participants"
    verbose_name = _("Participants")
    nav_items = ()
