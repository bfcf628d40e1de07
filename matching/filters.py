"""Filters for the matching pages (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from matching import selectors
from matching.models import Match
from participants.models import Buddy, Municipality, Newcomer
from participants.search import normalise


def _statuses(model, values):
    labels = dict(model.Status.choices)
    return [(value, labels[value]) for value in values]


def _municipality_filter() -> django_filters.ModelChoiceFilter:
    """Where the person lives: one of the active municipalities, or all."""
    return django_filters.ModelChoiceFilter(
        field_name="person__municipality",
        queryset=Municipality.objects.filter(active=True),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )


class SuggestionFilter(django_filters.FilterSet):
    """Which buddies to suggest: where they live and their status."""

    municipality = _municipality_filter()
    status = django_filters.ChoiceFilter(
        choices=_statuses(Buddy, selectors.MATCHABLE_BUDDY),
        label=_("Buddy status"),
        empty_label=_("Available or matched"),
    )

    class Meta:
        model = Buddy
        fields = ["municipality", "status"]


class _SearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name")}),
    )


class NewcomerToMatchFilter(_SearchFilter):
    municipality = _municipality_filter()
    status = django_filters.ChoiceFilter(
        choices=_statuses(Newcomer, selectors.MATCHABLE_NEWCOMER),
        label=_("Status"),
        empty_label=_("All statuses"),
    )

    class Meta:
        model = Newcomer
        fields = ["q", "municipality", "status"]

    def filter_q(self, queryset, name, value):
        for word in normalise(value).split():
            queryset = queryset.filter(person__search_text__contains=word)
        return queryset


class MatchFilter(_SearchFilter):
    status = django_filters.ChoiceFilter(
        choices=Match.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.order_by("-number"),
        label=_("Cohort"),
        empty_label=_("All cohorts"),
    )
    kind = django_filters.ChoiceFilter(
        method="filter_kind",
        label=_("Kind"),
        choices=[("cohort", _("In a cohort")), ("loose", _("Outside a cohort"))],
        empty_label=_("All matches"),
    )
    attention = django_filters.BooleanFilter(
        method="filter_attention",
        label=_("Check-in overdue"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Match
        fields = ["q", "status", "cohort", "kind", "attention"]

    def filter_q(self, queryset, name, value):
        for word in normalise(value).split():
            queryset = queryset.filter(
                Q(newcomer__person__search_text__contains=word)
                | Q(buddy__person__search_text__contains=word)
            )
        return queryset

    def filter_kind(self, queryset, name, value):
        if value == "loose":
            return queryset.filter(cohort__isnull=True)
        if value == "cohort":
            return queryset.filter(cohort__isnull=False)
        return queryset

    def filter_attention(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=selectors.matches_needing_checkin(None).values("pk"))
