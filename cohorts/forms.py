"""Forms for cohorts, groups, sessions and attendance: they validate and clean input; services
write. Dates and times are typed as local (Europe/Amsterdam) and turned into moments here."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from cohorts import scheduling
from cohorts.certificates import MAX_NOTE_LENGTH
from cohorts.models import (
    Attendance,
    CoachGroup,
    Cohort,
    HolidayPeriod,
    PlannedSession,
    Programme,
    Session,
)
from cohorts.programmes import PLAN_FIELDS
from cohorts.selectors import leader_candidates
from participants.models import Organisation, Person, StopReason
from participants.vocab import Pillar
from vvsite.forms import DateInput, TimeInput


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


# --- Programmes and cohorts ----------------------------------------------------------------------


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "kind",
            "description",
            "duration_weeks",
            "newcomer_capacity",
            "buddy_capacity",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


def _css_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select form-select-sm"
    return "form-control form-control-sm"


class _PlanFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs.update(
                {"class": "form-check-input", "aria-label": str(_("Remove"))}
            )


class PlannedSessionForm(forms.ModelForm):
    field_order = ["title"]  # then the others as the plans list them

    class Meta:
        model = PlannedSession
        fields = PLAN_FIELDS
        widgets = {"start_time": TimeInput(), "end_time": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = _css_class(field.widget)
            field.widget.attrs["aria-label"] = field.label

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must come after the start."))
        return data


PlanFormSet = forms.inlineformset_factory(
    Programme,
    PlannedSession,
    form=PlannedSessionForm,
    formset=_PlanFormSet,
    extra=1,
    can_delete=True,
)


class CohortForm(forms.ModelForm):
    """A new cohort: the end and the capacities default to the programme's when left empty."""

    class Meta:
        model = Cohort
        fields = [
            "number",
            "name",
            "programme",
            "municipality",
            "project",
            "funder",
            "start_date",
            "end_date",
            "newcomer_capacity",
            "buddy_capacity",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(active=True)
        self.fields["funder"].queryset = Organisation.objects.filter(is_funder=True)
        self.fields["municipality"].queryset = self.fields["municipality"].queryset.filter(
            active=True
        )
        if self.instance.pk is None:
            highest = Cohort.objects.aggregate(n=Max("number"))["n"] or 0
            self.fields["number"].initial = highest + 1
            for name in ("end_date", "newcomer_capacity", "buddy_capacity"):
                self.fields[name].required = False
            self.fields["end_date"].help_text = _("Empty: the start plus the programme's length.")
            self.fields["newcomer_capacity"].help_text = _("Empty: the programme's number.")
            self.fields["buddy_capacity"].help_text = _("Empty: the programme's number.")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot come before the start."))
        return data


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=Cohort.Status.choices)


# --- Enrolment -----------------------------------------------------------------------------------


class PlaceCountForm(forms.Form):
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=200, initial=15)


class PeoplePickForm(forms.Form):
    """The people a coordinator ticked in a preview or a list (checked again by the service)."""

    people = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={"required": _("Choose at least one person.")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].valid_value = lambda value: str(value).isdigit()


class LeaveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "---------"), *StopReason.choices])
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    back_to_waiting_list = forms.BooleanField(
        label=_("Back to the waiting list (instead of stopping)"), required=False
    )


class CompleteForm(forms.Form):
    enrolments = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={"required": _("Choose at least one person.")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].valid_value = lambda value: str(value).isdigit()


class GrowthNotesForm(forms.Form):
    """A short note per pillar on how someone grew, for their certificate."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in Pillar.choices:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=MAX_NOTE_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_NOTE_LENGTH}),
            )


# --- Coach groups --------------------------------------------------------------------------------


class CoachGroupForm(forms.ModelForm):
    coach = PersonChoiceField(
        label=_("Coach"),
        queryset=Person.objects.none(),
        error_messages={"required": _("A coach group needs a coach.")},
    )
    assistant_coach = PersonChoiceField(
        label=_("Assistant coach"), queryset=Person.objects.none(), required=False
    )
    expert = PersonChoiceField(
        label=_("Experienced expert"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Usually someone who took part as a newcomer before."),
    )

    class Meta:
        model = CoachGroup
        fields = ["name", "coach", "assistant_coach", "expert", "location"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = leader_candidates().order_by("given_names", "family_name", "pk")
        for name in ("coach", "assistant_coach", "expert"):
            self.fields[name].queryset = people

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ("coach", "assistant_coach", "expert")]
        chosen = [person.pk for person in chosen if person is not None]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("One person can hold only one role in a group."))
        return data


class GroupMembersForm(forms.Form):
    """Per participant: which group they are in."""

    def __init__(self, *args, enrolments, groups, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("No group")), *((str(g.pk), g.name) for g in groups)]
        self.enrolments = list(enrolments)
        for enrolment in self.enrolments:
            self.fields[f"member_{enrolment.pk}"] = forms.ChoiceField(
                label=enrolment.person.display_name,
                choices=choices,
                required=False,
                initial=str(enrolment.group_id or ""),
            )

    def rows(self):
        for enrolment in self.enrolments:
            yield enrolment, self[f"member_{enrolment.pk}"]

    def assignment(self) -> dict[int, int | None]:
        return {
            enrolment.pk: int(value)
            if (value := self.cleaned_data[f"member_{enrolment.pk}"])
            else None
            for enrolment in self.enrolments
        }


# --- Holidays and the schedule -------------------------------------------------------------------


class HolidayForm(forms.ModelForm):
    class Meta:
        model = HolidayPeriod
        fields = ["name", "first_day", "last_day"]
        widgets = {"first_day": DateInput(), "last_day": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["placeholder"] = _("e.g. Autumn holiday")
        self.fields["last_day"].required = False
        self.fields["last_day"].help_text = _("Empty: the same week.")

    def clean(self):
        data = super().clean()
        first = data.get("first_day")
        if first and not data.get("last_day"):
            monday = scheduling.monday_of(first)
            data["first_day"], data["last_day"] = monday, monday + timedelta(days=6)
        if data.get("last_day") and first and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("The last day cannot come before the first."))
        return data


class PlanLineForm(forms.Form):
    """One line of the programme's plan as it will be generated for this cohort."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    include = forms.BooleanField(label=_("Include"), required=False)
    first_day = forms.DateField(label=_("(First) day"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    every_weeks = forms.IntegerField(
        label=_("Every … weeks"), min_value=1, max_value=8, required=False
    )
    until = forms.DateField(label=_("Last day"), required=False, widget=DateInput())
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("every_weeks") and not data.get("until"):
            self.add_error("until", _("Give the last day of the series."))
        first, until = data.get("first_day"), data.get("until")
        if first and until and until < first:
            self.add_error("until", _("The last day cannot come before the first."))
        return data


PlanLineFormSet = forms.formset_factory(PlanLineForm, extra=0)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have seen the clashes and want to go ahead"), required=False
    )


class SessionForm(forms.Form):
    """A session typed as a day with a start and an end time (local)."""

    title = forms.CharField(label=_("Title"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    day = forms.DateField(label=_("Day"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("None: an open event"),
    )
    group = forms.ModelChoiceField(
        label=_("Coach group"), queryset=CoachGroup.objects.none(), required=False
    )
    audience = forms.ChoiceField(label=_("For"), choices=Session.Audience.choices)
    hosts = PeopleChoiceField(
        label=_("Led by"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("A group's session is led by its coaches; add trainers or hosts here."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["group"].queryset = CoachGroup.objects.filter(
            cohort__in=cohorts
        ).select_related("cohort")
        self.fields["group"].label_from_instance = lambda g: f"{g.cohort.number} · {g.name}"
        self.fields["hosts"].queryset = leader_candidates().order_by("given_names", "family_name")

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        zone = scheduling.local_zone()
        start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        return {
            "title": session.title,
            "kind": session.kind,
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "location": session.location,
            "cohort": session.cohort_id,
            "group": session.group_id,
            "audience": session.audience,
            "hosts": [link.person_id for link in session.leader_links.all() if link.role == "host"],
            "notes": session.notes,
        }

    def clean(self):
        data = super().clean()
        group, cohort = data.get("group"), data.get("cohort")
        if group and cohort and group.cohort_id != cohort.pk:
            self.add_error("group", _("This group belongs to another cohort."))
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The end must come after the start."))
            else:
                data["starts_at"], data["ends_at"] = scheduling.local_span(day, start, end)
        return data

    def session_fields(self) -> dict:
        data = self.cleaned_data
        group = data.get("group")
        return {
            "title": data["title"],
            "kind": data["kind"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "location": data["location"],
            "cohort": group.cohort if group else data.get("cohort"),
            "group": group,
            "audience": data["audience"],
            "notes": data["notes"],
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Told to the people concerned in the e-mail."),
    )


# --- Attendance ----------------------------------------------------------------------------------


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=Attendance.Status.choices)


class VisitorsForm(forms.Form):
    visitors = forms.IntegerField(
        label=_("Visitors"),
        min_value=0,
        max_value=10000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
