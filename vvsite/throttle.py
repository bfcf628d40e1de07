"""Failed-login throttling and the client's address.

django-axes counts failures twice over: per account (from any address) and per address (over all
accounts), each against ``AXES_FAILURE_LIMIT`` (``AXES_LOCKOUT_PARAMETERS``). Both need the right
inputs, which this module provides: the address the request really came from, and the e-mail
address as the account is known (lower case), whatever the visitor typed.

The address comes from django-ipware. Behind ``PROXY_COUNT`` reverse proxies (the Caddy service in
production: 1) it is the address the outermost trusted proxy saw, taken from X-Forwarded-For;
with no proxy it is the socket's address and X-Forwarded-For, which anyone can send, is ignored.
The public sign-up limit uses the same address.
"""

from __future__ import annotations

import ipaddress

from axes.utils import reset as axes_reset
from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    # ipware counts the proxies listed in the header; the last one is the socket's peer.
    address, _routable = get_client_ip(
        request, proxy_count=proxies - 1, request_header_order=[FORWARDED_FOR]
    )
    return address or _appended_by_proxy(request, proxies) or remote


def _appended_by_proxy(request: HttpRequest, proxies: int) -> str | None:
    """When a client sent its own X-Forwarded-For, our proxies appended theirs to it: the
    address our outermost proxy saw is the ``proxies``-th from the right."""
    entries = [part.strip() for part in request.META.get(FORWARDED_FOR, "").split(",")]
    if len(entries) < proxies:
        return None
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a login attempt is for (``AXES_USERNAME_CALLABLE``): the e-mail address the
    login form posts as ``username``, lower-cased as accounts are stored."""
    values = credentials or {}
    username = values.get("username") or values.get("email")
    if username is None and request is not None:
        username = request.POST.get("username")
    return username.strip().lower() if username else None


def account_unlock(*, email: str) -> int:
    """Forget the failed logins counted against an account (its owner set a new password
    through the reset link, or an administrator unlocked it). Returns how many were forgotten."""
    return axes_reset(username=email.strip().lower())
