"""Filters of the coordinator lists (django-filter); the exports use the same ones."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
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


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - 10, -1)]


class _PeopleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, phone, e-mail, postcode")}
        ),
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="person__municipality",
        queryset=Municipality.objects.all(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    year = django_filters.ChoiceFilter(
        field_name="registered_on",
        lookup_expr="year",
        choices=_years,
        label=_("Registered in"),
        empty_label=_("All years"),
    )

    def filter_q(self, queryset, name, value):
        return search(queryset, value, path="person__")


class NewcomerFilter(_PeopleFilter):
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
        fields = ["q", "status", "municipality", "referrer", "target_group", "dutch_level", "year"]


class BuddyFilter(_PeopleFilter):
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
        fields = ["q", "status", "municipality", "recruitment_channel", "vog", "year"]
