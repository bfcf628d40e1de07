"""List filters (django-filter): the search box every list shares, and the jobs list's filters."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from vvsite.models import Job


def search_filter(placeholder, **kwargs) -> django_filters.CharFilter:
    """The ``q`` box of a list: a search field saying what it looks in."""
    return django_filters.CharFilter(
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}),
        **kwargs,
    )


class JobFilter(django_filters.FilterSet):
    q = search_filter(_("Task"), field_name="task", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        choices=Job.Status.choices, label=_("Status"), empty_label=_("All")
    )

    class Meta:
        model = Job
        fields = ["q", "status"]
