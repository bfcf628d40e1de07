"""Filters of the coordinator lists (django-filter); the exports use the same ones."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
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


def _cohorts(request=None):
    """Newest cohort first; imported late, the cohorts app builds on this one."""
    from cohorts.models import Cohort

    return Cohort.objects.order_by("-number")


class _PeopleFilter(django_filters.FilterSet):
    q = search_filter(_("Name, phone, e-mail, postcode"), method="filter_q")
    municipality = django_filters.ModelChoiceFilter(
        field_name="person__municipality",
        queryset=Municipality.objects.all(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    cohort = django_filters.ModelChoiceFilter(
        queryset=_cohorts,
        method="filter_cohort",
        label=_("Cohort"),
        empty_label=_("All cohorts"),
    )

    #: The role in a cohort the people of this list take part in.
    enrolment_role = ""

    def filter_q(self, queryset, name, value):
        return search(queryset, value, path="person__")

    def filter_cohort(self, queryset, name, value):
        """Who takes part in (or completed) the cohort in this list's role."""
        from cohorts.models import Enrolment

        in_cohort = Enrolment.objects.filter(
            person=OuterRef("person"), cohort=value, role=self.enrolment_role
        ).exclude(status=Enrolment.Status.LEFT)
        return queryset.filter(Exists(in_cohort))


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
            "cohort",
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
        fields = ["q", "status", "municipality", "recruitment_channel", "vog", "cohort"]


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
