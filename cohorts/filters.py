"""Filters of the cohort list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort


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
