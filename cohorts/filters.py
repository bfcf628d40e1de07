"""Filters: the coordinators' lists of cohorts and sessions (django-filter), and the "cohort"
filter cohorts adds to the participants' newcomer and buddy lists (registered in apps.py)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from cohorts.models import Cohort, Enrolment, Session


class CohortMembershipFilter(django_filters.ModelChoiceFilter):
    """Who takes part in (or completed) the chosen cohort in ``role``; newest cohort first."""

    def __init__(self, role: str, **kwargs):
        self.role = role
        kwargs.setdefault("label", _("Cohort"))
        kwargs.setdefault("empty_label", _("All cohorts"))
        super().__init__(queryset=Cohort.objects.order_by("-number"), **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        in_cohort = Enrolment.objects.filter(
            person=OuterRef("person"), cohort=value, role=self.role
        ).exclude(status=Enrolment.Status.LEFT)
        return qs.filter(Exists(in_cohort))


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
