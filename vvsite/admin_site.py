from django.contrib import admin
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext_lazy as _

from vvsite.access import can, requires, rule_of


class AdminSite(admin.AdminSite):
    """The Django admin for administrators only, behind the application's own login.

    Every admin view is wrapped in ``requires("admin.site")``: anonymous users go to the one
    login page (with throttling and the second factor), other roles get 403.
    """

    site_header = _("Buddy programme: technical administration")
    site_title = _("Technical administration")
    index_title = _("Technical administration")
    final_catch_all_view = False

    def has_permission(self, request) -> bool:
        return request.user.is_active and can(request.user, "admin.site")

    def login(self, request, extra_context=None):
        return redirect("admin:index")

    def admin_view(self, view, cacheable=False):
        return requires("admin.site")(super().admin_view(view, cacheable))

    def get_urls(self):
        patterns = super().get_urls()
        _guard(patterns)
        return patterns


def _guard(patterns) -> None:
    """Wrap every admin view (model admins' included) that does not yet declare its rule."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _guard(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and rule_of(pattern.callback) is None:
            pattern.callback = requires("admin.site")(pattern.callback)

