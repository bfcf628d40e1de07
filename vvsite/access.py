"""Who may do what: the one place that decides it.

Every view is wrapped in ``requires(capability)`` (or ``public`` / ``login_only``); the table
``CAPABILITIES`` maps each capability to the roles that hold it. Navigation, templates (through the
``can`` context variable) and the Django admin all ask this module, and the permission-matrix test
walks every URL to check that no view goes without a declared rule.

Rules per object (a coach sees only their own group) live in the apps' selectors, which return
querysets scoped to the user; views fetch objects only through those (out of scope → 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from vvsite.models import Role

#: capability -> roles that hold it. Add a capability here before using it in a view.
CAPABILITIES: dict[str, frozenset[str]] = {
    # Accounts and the application itself
    "accounts.manage": frozenset({Role.ADMIN}),
    "accounts.invite": frozenset({Role.COORDINATOR, Role.ADMIN}),
    "jobs.view": frozenset({Role.ADMIN}),
    "admin.site": frozenset({Role.ADMIN}),
    # People: intake of newcomers and buddies, organisations, municipalities, consent, imports
    "people.manage": frozenset({Role.COORDINATOR, Role.ADMIN}),
    "people.history": frozenset({Role.COORDINATOR, Role.ADMIN}),
    # Cohorts, coach groups, sessions
    "cohorts.manage": frozenset({Role.COORDINATOR, Role.ADMIN}),
    "cohorts.own_group": frozenset({Role.COACH}),
    "sessions.own": frozenset({Role.COACH, Role.VOLUNTEER}),
    # Matching
    "matching.manage": frozenset({Role.COORDINATOR, Role.ADMIN}),
    # Volunteer hours
    "hours.log": frozenset({Role.VOLUNTEER, Role.COACH}),
    "hours.approve": frozenset({Role.COORDINATOR, Role.ADMIN}),
    "hours.settings": frozenset({Role.ADMIN}),
    # Reporting
    "dashboard.view": frozenset({Role.BOARD, Role.COORDINATOR, Role.ADMIN}),
    "annual_report.view": frozenset({Role.BOARD, Role.COORDINATOR, Role.ADMIN}),
    "reports.personal": frozenset({Role.COORDINATOR, Role.ADMIN}),
    # Generated documents' pages; each document's kind then needs annual_report.view or
    # reports.personal (the capability each kind registers in vvsite.documents.registry), out of
    # scope is 404.
    "documents.view": frozenset({Role.BOARD, Role.COORDINATOR, Role.ADMIN}),
    "targets.manage": frozenset({Role.ADMIN}),
}

#: Which roles the holder of a role may give to someone, or take away (invitations, accounts page).
#: Coordinators give the roles of the people they work with; only administrators give the roles
#: that see everyone's data or run the application.
GRANTS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset({Role.VOLUNTEER, Role.COACH}),
    Role.ADMIN: frozenset({Role.COORDINATOR, Role.COACH, Role.VOLUNTEER, Role.BOARD, Role.ADMIN}),
}


def grantable_roles(user) -> frozenset[str]:
    """The roles ``user`` may give or take away."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset().union(*(GRANTS.get(role, frozenset()) for role in user.roles))


PUBLIC = "public"
LOGIN_ONLY = "login"


@dataclass(frozen=True)
class Rule:
    """The access rule a view declares; read by navigation and the permission-matrix test."""

    kind: str  # PUBLIC, LOGIN_ONLY or "capability"
    capability: str = ""

    @property
    def roles(self) -> frozenset[str]:
        return CAPABILITIES[self.capability] if self.capability else frozenset()

    def allows(self, user) -> bool:
        if self.kind == PUBLIC:
            return True
        if not user.is_authenticated:
            return False
        if self.kind == LOGIN_ONLY:
            return True
        return user.has_role(*self.roles)


def can(user, capability: str) -> bool:
    """Whether ``user`` holds ``capability``."""
    return bool(user.is_authenticated) and user.has_role(*CAPABILITIES[capability])


def _declare(view: Callable, rule: Rule) -> Callable:
    view.access_rule = rule  # type: ignore[attr-defined]
    return view


def requires(capability: str) -> Callable[[Callable], Callable]:
    """Let only users holding ``capability`` in: anonymous users go to login, others get 403."""
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}: add it to vvsite.access.CAPABILITIES")
    rule = Rule("capability", capability)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule.allows(request.user):
                request.access_rule = rule  # the 403 page names the roles the page is for
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _declare(wrapped, rule)

    return decorator


def login_only(view: Callable) -> Callable:
    """Any logged-in user, whatever their role (their own account, the home page)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _declare(wrapped, Rule(LOGIN_ONLY))


def public(view: Callable) -> Callable:
    """No login needed: login and password-reset pages, public forms, health and static."""
    return _declare(view, Rule(PUBLIC))


def rule_of(view: Callable) -> Rule | None:
    """The rule a resolved view declared, looking through class-based view wrappers."""
    rule = getattr(view, "access_rule", None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, "access_rule", None)
    return rule


class RolePermissionBackend(BaseBackend):
    """Administrators may use every model in the Django admin; nobody else gets model perms."""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return bool(user_obj.is_active and can(user_obj, "admin.site"))

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return bool(user_obj.is_active and can(user_obj, "admin.site"))
