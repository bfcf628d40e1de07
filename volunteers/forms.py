from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from volunteers import rules
from volunteers.models import Activity, RoleKind
from volunteers.selectors import local_today


class HoursField(forms.CharField):
    """Hours in quarter steps; accepts a decimal comma as well as a point."""

    widget = forms.NumberInput(
        attrs={"step": "0.25", "min": "0.25", "max": "12", "inputmode": "decimal"}
    )

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return Decimal(value.replace(",", ".").strip())
        except InvalidOperation as exc:
            raise forms.ValidationError(rules.hours_problem("x")) from exc

    def validate(self, value):
        super().validate(value)
        if value is not None and (problem := rules.hours_problem(value)):
            raise forms.ValidationError(problem)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return value


class HourEntryForm(forms.Form):
    """What a volunteer fills in. The service checks everything again (dates, closed periods,
    the daily total) under a lock; this form gives quick feedback on a single field."""

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hours = HoursField(label=_("Hours"), help_text=_("In quarters of an hour, e.g. 1.5"))
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    role_kind = forms.ChoiceField(
        label=_("In the role of"),
        required=False,
        help_text=_("The hours count towards this role's norm."),
    )
    cohort = forms.ModelChoiceField(
        label=_("For cohort"), queryset=None, required=False, empty_label=_("None")
    )
    session = forms.ModelChoiceField(
        label=_("For session"), queryset=None, required=False, empty_label=_("None")
    )
    match = forms.ModelChoiceField(
        label=_("For the match with"), queryset=None, required=False, empty_label=_("None")
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args, roles: list[str], cohorts=None, sessions=None, matches=None, **kwargs
    ):
        """``cohorts``, ``sessions`` and ``matches``: the volunteer's own, to link the hours to
        (optional)."""
        super().__init__(*args, **kwargs)
        for name, choices in (("cohort", cohorts), ("session", sessions), ("match", matches)):
            if choices is None or not choices.exists():
                del self.fields[name]
            else:
                self.fields[name].queryset = choices
        if "session" in self.fields:
            self.fields["session"].label_from_instance = _session_label
        if "match" in self.fields:
            self.fields["match"].label_from_instance = _match_label
        today = local_today()
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        labels = dict(RoleKind.choices)
        if len(roles) > 1:
            self.fields["role_kind"].choices = [
                ("", _("As usual for the activity")),
                *[(kind, labels[kind]) for kind in roles],
            ]
        else:
            del self.fields["role_kind"]

    def clean_date(self) -> date:
        day = self.cleaned_data["date"]
        if day > local_today():
            raise forms.ValidationError(
                rules.date_problem(day, today=local_today(), started_on=day)
            )
        return day


def _session_label(session) -> str:
    return f"{date_format(timezone.localtime(session.starts_at), 'j b')} · {session.title}"


def _match_label(match) -> str:
    person = match.newcomer.person
    return (person.preferred_name or person.given_names).split(" ")[0]


class ReviewForm(forms.Form):
    """Bulk approve or reject entries in the queue."""

    APPROVE, REJECT = "approve", "reject"

    entries = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": _("Select at least one entry."),
        },
    )
    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))])
    reason = forms.CharField(label=_("Reason for rejection"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any whole number may be posted; the service only touches submitted entries.
        self.fields["entries"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason, so the volunteer knows what to change."))
        return data


class YearSettingsForm(forms.Form):
    """Norms per role and the hourly value of one year."""

    euros = forms.DecimalField(
        label=_("Value of one volunteer hour (€)"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        localize=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in RoleKind.choices:
            self.fields[f"norm_{kind}"] = forms.DecimalField(
                label=_("Norm for: %(role)s (hours a year)") % {"role": label},
                required=False,
                localize=True,
                min_value=0,
                max_digits=6,
                decimal_places=2,
            )

    def norms(self) -> dict[str, Decimal | None]:
        return {kind: self.cleaned_data[f"norm_{kind}"] for kind in RoleKind.values}


class ClosePeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("The whole year"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", _("The whole year")), *MONTHS.items()]


class VolunteerRoleForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)


class StartDateForm(forms.Form):
    started_on = forms.DateField(
        label=_("Volunteer since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
