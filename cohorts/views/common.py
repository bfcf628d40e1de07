"""Helpers the cohort pages share: objects scoped to the user, and safe return addresses."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from cohorts import selectors
from cohorts.models import Cohort, Session


def visible_cohort(request, pk: int) -> Cohort:
    """The cohort with ``pk`` if the user may see it; 404 otherwise."""
    return get_object_or_404(selectors.cohorts_visible_to(request.user), pk=pk)


def managed_session(request, pk: int) -> Session:
    """The session with ``pk`` if the user manages it; 404 otherwise."""
    return get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)


def safe_next(request) -> str:
    """The ``next`` address of the request when it stays on this site, else ""."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else ""


def back_to(request, default: str) -> str:
    return safe_next(request) or default
