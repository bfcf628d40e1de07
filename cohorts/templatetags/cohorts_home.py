"""The cohorts' blocks on the start pages of coaches, volunteers and coordinators."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone

from cohorts import selectors
from cohorts.models import Cohort

register = template.Library()


@register.inclusion_tag("cohorts/_home_coach.html", takes_context=True)
def coach_home_panel(context) -> dict:
    user = context["request"].user
    return {"request": context["request"], "groups": selectors.my_groups(user)}


@register.inclusion_tag("cohorts/_home_volunteer.html", takes_context=True)
def volunteer_home_panel(context) -> dict:
    user = context["request"].user
    sessions = (
        selectors.sessions_of(user)
        .filter(ends_at__gte=selectors.start_of_today())
        .order_by("starts_at", "pk")[:3]
    )
    return {"request": context["request"], "sessions": list(sessions)}


@register.inclusion_tag("cohorts/_home_coordinator.html", takes_context=True)
def coordinator_home_panel(context) -> dict:
    user = context["request"].user
    active = [Cohort.Status.RECRUITING, Cohort.Status.RUNNING, Cohort.Status.CLOSING]
    cohorts = selectors.cohort_list(user).filter(status__in=active).order_by("number")[:6]
    week = selectors.upcoming_sessions(user, days=7).filter(status="planned")[:8]
    return {
        "request": context["request"],
        "cohorts": list(cohorts),
        "week": list(week),
        "until": timezone.localdate() + timedelta(days=6),
    }
