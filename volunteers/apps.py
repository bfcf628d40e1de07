from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from vvsite.navigation import NavItem


class VolunteersConfig(AppConfig):
    """Volunteer roles, hour logging and approval, norms and money value."""

    name = "volunteers"
    verbose_name = _("Volunteers")
    nav_label = _("Hours")
    nav_items = (
        NavItem(_("My hours"), "volunteers:portal", "clock"),
        NavItem(_("Approve hours"), "volunteers:queue", "check2-square"),
        NavItem(_("Hours overview"), "volunteers:overview", "people"),
        NavItem(_("Hour settings"), "volunteers:settings", "sliders"),
    )

    def ready(self) -> None:
        from participants.privacy import register_anonymiser
        from volunteers.privacy import anonymise
        from volunteers.session_hours import led_sessions
        from volunteers.suggestions import register_source

        register_anonymiser(anonymise)
        register_source(led_sessions)
