from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from vvsite.navigation import NavItem


class VvsiteConfig(AppConfig):
    name = "vvsite"
    verbose_name = _("Accounts and application")
    nav_items = (
        NavItem(_("Background jobs"), "jobs", "hourglass-split"),
    )
