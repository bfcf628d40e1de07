import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from volunteers.models import Activity, ClosedPeriod, HourEntry, RoleKind


class QueueFilter(django_filters.FilterSet):
    """Filters of the approval queue."""

    volunteer = django_filters.CharFilter(
        field_name="volunteer__full_name", lookup_expr="icontains", label=_("Volunteer")
    )
    activity = django_filters.ChoiceFilter(
        choices=Activity.choices, label=_("Activity"), empty_label=_("All")
    )
    role_kind = django_filters.ChoiceFilter(
        choices=RoleKind.choices, label=_("Role"), empty_label=_("All")
    )
    date_from = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = HourEntry
        fields: list[str] = []


class PeriodFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"), widget=forms.NumberInput(attrs={"min": 2000, "max": 2100})
    )

    class Meta:
        model = ClosedPeriod
        fields = ["year"]
