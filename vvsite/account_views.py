"""The accounts page for administrators: roles by the grant table, deactivation, a second
factor reset with its reason, unlocking after failed logins; each recorded on the account."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vvsite import selectors, services
from vvsite.access import GRANTS, grantable_roles, requires
from vvsite.forms import ReasonForm, RolesForm, error_text
from vvsite.models import Role


@requires("accounts.manage")
def account_list(request: HttpRequest) -> HttpResponse:
    accounts = selectors.accounts_with_state().order_by("full_name", "pk")
    role = request.GET.get("role", "")
    if role in Role.values:
        accounts = accounts.filter(role_grants__role=role)
    state = request.GET.get("state", "")
    rows = list(accounts)
    locked = selectors.locked_emails([user.email for user in rows])
    rows = [(user, selectors.account_state(user, locked=locked)) for user in rows]
    if state in selectors.STATES:
        rows = [row for row in rows if row[1].state == state]
    context = {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "role": role,
        "state": state,
        "roles": Role.choices,
        "states": [(key, label) for key, (label, _colour) in selectors.STATES.items()],
        "grants": [
            (Role(holder), [role for role in Role if role in grants])
            for holder, grants in GRANTS.items()
        ],
    }
    return render(request, "accounts/account_list.html", context)


def _account(pk: int):
    return get_object_or_404(selectors.accounts_with_state(), pk=pk)


@requires("accounts.manage")
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    grantable = [(role.value, role.label) for role in Role if role in grantable_roles(request.user)]
    form = RolesForm(request.POST or None, grantable=grantable, initial={"roles": list(user.roles)})
    if request.method == "POST" and form.is_valid():
        try:
            services.roles_set(user=user, roles=set(form.cleaned_data["roles"]), by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The roles have been saved."))
        return redirect("account_detail", pk=user.pk)
    context = {
        "account": user,
        "state": selectors.account_state(user),
        "form": form,
        "reason_form": ReasonForm(),
        "events": selectors.account_events(user)[:50],
    }
    return render(request, "accounts/account_detail.html", context)


@requires("accounts.manage")
@require_POST
def account_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    try:
        if user.is_active:
            reason = request.POST.get("reason", "")
            services.user_deactivate(user=user, by=request.user, reason=reason)
        else:
            services.user_reactivate(user=user, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("account_detail", pk=user.pk)


@requires("accounts.manage")
@require_POST
def account_second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        services.second_factor_reset(user=user, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("The second factor has been removed; a new one is set up at the next login."),
        )
    else:
        messages.error(request, _("Say why the second factor is reset."))
    return redirect("account_detail", pk=user.pk)


@requires("accounts.manage")
@require_POST
def account_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    services.user_unlock(user=user, by=request.user)
    messages.success(request, _("The account has been unlocked."))
    return redirect("account_detail", pk=user.pk)


@requires("accounts.manage")
@require_POST
def account_invite(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    try:
        services.user_invite(user=user, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        sent = _("The invitation is on its way to %(email)s.") % {"email": user.email}
        messages.success(request, sent)
    return redirect("account_detail", pk=user.pk)
