from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Pages a user who still owes a second factor may open.
SECOND_FACTOR_EXEMPT = frozenset(
    {"otp_setup", "otp_verify", "logout", "set_language", "healthz", "healthz_live"}
)


class SecondFactorMiddleware:
    """Coordinators and administrators who must use a second factor reach no page before they
    have verified one in this session (or set one up, the first time)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (user.is_authenticated and user.needs_second_factor) or user.is_verified():
            return None
        if request.resolver_match.url_name in SECOND_FACTOR_EXEMPT:
            return None
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = reverse("otp_verify" if has_device else "otp_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
