"""Filters of the background jobs list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from vvsite.models import Job


class JobFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="task",
        lookup_expr="icontains",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Task")}),
    )
    status = django_filters.ChoiceFilter(
        choices=Job.Status.choices, label=_("Status"), empty_label=_("All")
    )

    class Meta:
        model = Job
        fields = ["q", "status"]
