from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from vvsite.navigation import NavItem


class VvsiteConfig(AppConfig):
    name = "vvsite"
    verbose_name = _("Accounts and application")
    nav_label = _("Administration")
    nav_items = (
        NavItem(_("Accounts"), "accounts", "person-badge"),
        NavItem(_("Background jobs"), "jobs", "hourglass-split"),
    )

    def ready(self) -> None:
        # Register every app's Celery tasks in this process too (the web process publishes them
        # by name and, without a broker, runs them in-process).
        autodiscover_modules("tasks")
        # The PDF system checks, and the task that renders documents.
        from vvsite.documents import checks, tasks  # noqa: F401
