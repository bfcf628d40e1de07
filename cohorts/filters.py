"""The "cohort" filter of the participants' newcomer and buddy lists (registered in apps.py)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from cohorts.models import Cohort, Enrolment


class CohortFilter(django_filters.ModelChoiceFilter):
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
