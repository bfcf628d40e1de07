from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    """Volunteer roles, hour logging and approval, norms and money value."""

    name = "volunteers"
    verbose_name = _("Volunteers")
    nav_items = ()
