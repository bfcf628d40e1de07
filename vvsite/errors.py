"""Error pages in the application's layout, in the visitor's language, with the menu or a way
home: 400, 403 (naming the roles the page is for), 404, 429, 500 and a failed CSRF check."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited

from vvsite.access import public
from vvsite.models import Role

logger = logging.getLogger(__name__)


def _page(request: HttpRequest, status: int, title: str, text: str, **extra) -> HttpResponse:
    context = {"status": status, "title": title, "text": text, **extra}
    return render(request, "errors/error.html", context, status=status)


@public
def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    text = _("The page could not make sense of this request.")
    return _page(request, 400, _("Bad request"), text)


@public
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """403. ``vvsite.access.requires`` leaves the rule on the request: the page names its roles.
    A rate limit (django-ratelimit's ``Ratelimited`` is a kind of 403) gets the 429 page."""
    if isinstance(exception, Ratelimited):
        return too_many_requests(request, exception)
    rule = getattr(request, "access_rule", None)
    roles = [role.label for role in Role if rule is not None and role in rule.roles]
    return _page(
        request,
        403,
        _("No access"),
        _("This page is not part of what your role lets you do."),
        roles=roles,
    )


@public
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(
        request,
        404,
        _("Page not found"),
        _("This page does not exist, or it is not yours to see."),
    )


@public
def too_many_requests(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 429, _("Too many attempts"), _("Wait a while before you try again."))


@public
def server_error(request: HttpRequest) -> HttpResponse:
    """500: in the layout when it can be drawn; without menu when even that fails (e.g. the
    database is down and the menu cannot read the user's roles)."""
    text = _("Something went wrong on our side. It has been logged; try again in a moment.")
    try:
        return _page(request, 500, _("Something went wrong"), text)
    except Exception:  # the layout itself failed: show the plain page rather than nothing
        logger.exception("The error page could not be drawn in the layout")
        html = render_to_string(
            "errors/plain.html", {"title": _("Something went wrong"), "text": text}
        )
        return HttpResponse(html, status=500)


@public
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("The form had expired"),
        _("Go back, reload the page and send the form again."),
    )
