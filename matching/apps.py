from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Scores, suggestions, optimal proposals and the life of a match."""

    name = "matching"
    verbose_name = _("Matching")
    nav_items = ()
