import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tables2 import RequestConfig

from vvsite import services
from vvsite.access import login_only, public, requires
from vvsite.filters import JobFilter
from vvsite.forms import AccountForm, LoginForm, ResetRequestForm, TokenForm, error_text
from vvsite.jobs import job_enqueue, job_retry
from vvsite.models import Job, Role
from vvsite.tables import JobTable
from vvsite.throttle import account_unlock


@login_only
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: the sections of every role the user holds."""
    roles = [role for role in Role if role in request.user.roles]
    return render(request, "home.html", {"roles": roles})


@login_only
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
        messages.success(request, _("Your details have been saved."))
        response = redirect("account")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language)
        return response
    context = {
        "form": form,
        "has_totp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        "roles": [role for role in Role if role in request.user.roles],
    }
    return render(request, "account/account.html", context)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


@login_only
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app: scan the code, type one code back, get recovery codes."""
    device = services.totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _not_throttled(form, device):
        codes = services.totp_device_confirm(
            request=request, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            messages.success(request, _("Two-step verification is on."))
            return render(
                request, "account/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        form.add_error("token", _("This code is not right. Try the code your app shows now."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret": device.bin_key.hex(),
        "next": _next_url(request),
    }
    return render(request, "account/otp_setup.html", context)


def _not_throttled(form: TokenForm, device) -> bool:
    """django-otp slows down guessing: after a wrong code the next try must wait a little."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        form.add_error("token", _("Wait a few seconds before you try another code."))
    return allowed


@login_only
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the second factor once per session."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not any(devices_for_user(request.user)):
        return redirect(f"{reverse('otp_setup')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not right. Try the code your app shows now."))
    return render(request, "account/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_only
@require_POST
def otp_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        return redirect(f"{reverse('otp_verify')}?next={reverse('account')}")
    codes = services.recovery_codes_regenerate(user=request.user)
    return render(
        request, "account/recovery_codes.html", {"codes": codes, "next": reverse("account")}
    )


@public
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the account of a logged-in user."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and request.user.language != language
    ):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


login = public(
    auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)
)
logout = public(auth_views.LogoutView.as_view())
password_change = login_only(auth_views.PasswordChangeView.as_view())
password_change_done = login_only(auth_views.PasswordChangeDoneView.as_view())
password_reset = public(auth_views.PasswordResetView.as_view(form_class=ResetRequestForm))
password_reset_done = public(auth_views.PasswordResetDoneView.as_view())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the e-mailed link also lifts a lock after failed
    logins: whoever can read the account's e-mail is its owner."""

    def form_valid(self, form):
        response = super().form_valid(form)
        account_unlock(email=form.user.email)
        return response


password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_complete = public(auth_views.PasswordResetCompleteView.as_view())


@requires("jobs.view")
def job_list(request: HttpRequest) -> HttpResponse:
    filterset = JobFilter(request.GET or None, Job.objects.select_related("created_by"))
    table = JobTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "jobs/job_list.html", {"filterset": filterset, "table": table})


@requires("jobs.view")
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk)
    template = "jobs/_job_status.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@requires("jobs.view")
@require_POST
def job_start_diagnostic(request: HttpRequest) -> HttpResponse:
    job = job_enqueue(task="vvsite.tasks.diagnostic", kwargs={"steps": 4}, by=request.user)
    messages.info(request, _("The test job has been queued."))
    return redirect("job_detail", pk=job.pk)


@requires("jobs.view")
@require_POST
def job_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk)
    if not job.can_retry:  # done, or still being worked on
        raise Http404
    new_job = job_retry(job=job, by=request.user)
    messages.info(request, _("The job has been queued again."))
    return redirect("job_detail", pk=new_job.pk)


@public
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation: choose a password; an expired link offers a new one."""
    invitation = services.invitation_for_token(token)
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        return render(request, "registration/invitation_invalid.html", status=404)
    if invitation.is_expired:
        return _invitation_expired(request, invitation)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Your password has been set. You can log in now."))
            return redirect("login")
    return render(
        request, "registration/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _invitation_expired(request: HttpRequest, invitation) -> HttpResponse:
    renewed = None
    if request.method == "POST":
        renewed = services.invitation_renew(invitation=invitation)
        if renewed is None:
            return render(request, "registration/invitation_invalid.html", status=404)
    context = {"invitation": invitation, "renewed": renewed}
    return render(request, "registration/invitation_expired.html", context, status=410)
