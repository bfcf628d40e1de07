"""Calendar feeds: make, revoke and read a secret calendar address."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import calendar, selectors
from cohorts.models import CalendarFeed
from cohorts.services import feeds as services
from cohorts.views.common import visible_cohort
from vvsite.access import can, login_only, public, requires


def _feed_page(request, *, feed: CalendarFeed, token: str, back_url: str) -> HttpResponse:
    url = request.build_absolute_uri(reverse("cohorts:feed", args=[token]))
    return render(
        request,
        "cohorts/feed_created.html",
        {
            "feed": feed,
            "url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[1],
            "back_url": back_url,
        },
    )


@requires("cohorts.manage")
@require_POST
def cohort_feed(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = visible_cohort(request, pk)
    feed, token = services.calendar_feed_create(owner=request.user, cohort=cohort)
    return _feed_page(
        request, feed=feed, token=token, back_url=reverse("cohorts:cohort_sessions", args=[pk])
    )


@requires("sessions.own")
@require_POST
def my_feed(request: HttpRequest) -> HttpResponse:
    person = selectors.person_of(request.user)
    if person is None:
        messages.error(request, _("Your login is not linked to a person yet; ask a coordinator."))
        return redirect("cohorts:my_sessions")
    feed, token = services.calendar_feed_create(owner=request.user, person=person)
    return _feed_page(request, feed=feed, token=token, back_url=reverse("cohorts:my_sessions"))


@login_only
@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(selectors.active_feeds(request.user), pk=pk)
    services.calendar_feed_revoke(feed=feed, by=request.user)
    messages.success(request, _("The calendar address has been revoked; it no longer works."))
    if feed.cohort_id:
        return redirect("cohorts:cohort_sessions", pk=feed.cohort_id)
    return redirect("cohorts:my_sessions")


def _feed_allowed(feed: CalendarFeed) -> bool:
    """A feed works only while its owner may still see what it shows."""
    owner = feed.owner
    if not owner.is_active:
        return False
    if feed.cohort_id:
        return can(owner, "cohorts.manage")
    return can(owner, "sessions.own") and feed.person.user_id == owner.pk


@public
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar at a secret address: the token is the key. Unknown or revoked: 404."""
    found = selectors.feed_for_token_hash(services.token_hash(token))
    if found is None or not _feed_allowed(found):
        raise Http404
    since = timezone.now() - timedelta(days=92)
    sessions = list(selectors.feed_sessions(found, since=since))
    name = (
        str(_("Cohort %(number)s") % {"number": found.cohort.number})
        if found.cohort_id
        else _("My sessions")
    )
    services.calendar_feed_read(feed=found)
    response = HttpResponse(
        calendar.calendar_bytes(sessions, name=str(name)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
