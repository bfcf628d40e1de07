"""Filters of the coordinator lists (django-filter); the exports use the same ones.

Apps above this one add their own filters with ``filter_add`` (cohorts adds "cohort")."""

from __future__ import annotations

from collections.abc import Callable

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from participants.models import (
    Buddy,
    DutchLevel,
    Municipality,
    Newcomer,
    Organisation,
    RecruitmentChannel,
    TargetGroup,
)
from participants.search import search
from vvsite.filters import search_filter


class _PeopleFilter(django_filters.FilterSet):
    q = search_filter(_("Name, phone, e-mail, postcode"), method="filter_q")
    municipality = django_filters.ModelChoiceFilter(
        field_name="person__municipality",
        queryset=Municipality.objects.all(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )

    #: The role in a cohort the people of this list take part in.
    enrolment_role = ""

    def filter_q(self, queryset, name, value):
        return search(queryset, value, path="person__")


class NewcomerFilter(_PeopleFilter):
    enrolment_role = "newcomer"
    status = django_filters.ChoiceFilter(
        choices=Newcomer.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    referrer = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(is_referrer=True),
        label=_("Referred by"),
        empty_label=_("All referrers"),
    )
    target_group = django_filters.ChoiceFilter(
        choices=TargetGroup.choices, label=_("Target group"), empty_label=_("All target groups")
    )
    dutch_level = django_filters.ChoiceFilter(
        choices=DutchLevel.choices, label=_("Dutch level"), empty_label=_("All levels")
    )

    class Meta:
        model = Newcomer
        fields = [
            "q",
            "status",
            "municipality",
            "referrer",
            "target_group",
            "dutch_level",
        ]


class BuddyFilter(_PeopleFilter):
    enrolment_role = "buddy"
    status = django_filters.ChoiceFilter(
        choices=Buddy.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    recruitment_channel = django_filters.ChoiceFilter(
        choices=RecruitmentChannel.choices,
        label=_("Heard of us through"),
        empty_label=_("All channels"),
    )
    vog = django_filters.BooleanFilter(
        field_name="vog_received_on",
        lookup_expr="isnull",
        exclude=True,
        label=_("VOG received"),
        widget=forms.Select(
            choices=[("", _("VOG: all")), ("true", _("VOG received")), ("false", _("No VOG yet"))]
        ),
    )

    class Meta:
        model = Buddy
        fields = ["q", "status", "municipality", "recruitment_channel", "vog"]


class WaitingListFilter(NewcomerFilter):
    """The newcomer filters that make sense for people who all wait (no status, no cohort)."""

    class Meta:
        model = Newcomer
        fields = ["q", "municipality", "referrer", "target_group", "dutch_level"]


class OrganisationFilter(django_filters.FilterSet):
    q = search_filter(_("Name"), field_name="name", lookup_expr="icontains")
    role = django_filters.ChoiceFilter(
        method="filter_role",
        choices=[
            ("is_referrer", _("referrer")),
            ("is_funder", _("funder")),
            ("is_partner", _("partner")),
        ],
        label=_("Role"),
        empty_label=_("All roles"),
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.all(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    active = django_filters.BooleanFilter(
        label=_("Active"),
        widget=forms.Select(
            choices=[("", _("Active: all")), ("true", _("active")), ("false", _("inactive"))]
        ),
    )

    class Meta:
        model = Organisation
        fields = ["q", "role", "municipality", "active"]

    def filter_role(self, queryset, name, value):
        return queryset.filter(**{value: True})


def filter_add(name: str, make: Callable[[str], django_filters.Filter]) -> None:
    """Add a filter, last, to the newcomer and buddy lists; ``make(role)`` builds it for the
    role in a cohort ("newcomer", "buddy") the list's people have. Called in AppConfig.ready."""
    for filterset in (NewcomerFilter, BuddyFilter):
        filterset.base_filters[name] = make(filterset.enrolment_role)
