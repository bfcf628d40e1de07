"""Filters of the coordinators' lists of cohorts and sessions (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Session


class CohortFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Cohort.Status.choices,
        label=_("Status"),
        empty_label=_("All statuses"),
        widget=forms.Select(attrs={"class": "js-autosubmit"}),
    )

    class Meta:
        model = Cohort
        fields = ("status",)


class SessionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Session.Kind.choices,
        label=_("Kind"),
        empty_label=_("All kinds"),
        widget=forms.Select(attrs={"class": "js-autosubmit"}),
    )
    open = django_filters.BooleanFilter(
        method="filter_open", label=_("Only open events"), widget=forms.CheckboxInput
    )

    class Meta:
        model = Session
        fields = ("kind", "open")

    def filter_open(self, queryset, name, value):
        return queryset.filter(cohort__isnull=True) if value else queryset
