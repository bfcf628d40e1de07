"""Forms for intake: they validate and clean input; services write."""

from __future__ import annotations

from functools import partial

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.fields import (
    normalise_postcode,
    validate_birth_date,
    validate_not_future,
    validate_postcode,
)
from participants.models import (
    EVALUATION_STATEMENTS,
    HEALTH_DIMENSIONS,
    Buddy,
    Consent,
    ContactPerson,
    Evaluation,
    HealthAssessment,
    ImportBatch,
    Municipality,
    Neighbourhood,
    Newcomer,
    Organisation,
    Person,
)
from participants.services import person_duplicates
from participants.vocab import GOAL_FIELDS, DayPart, Interest, Sector, language_choices
from vvsite.forms import DateInput


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def checkbox_columns(name: str) -> Field:
    """A long list of check boxes, in as many columns as fit."""
    return Field(name, wrapper_class="checkbox-columns")


def _row(*names, cols: str = "col-md") -> Div:
    return Div(*(Div(Field(name), css_class=cols) for name in names), css_class="row")


class CodesField(forms.TypedMultipleChoiceField):
    """A list of codes from a fixed vocabulary, as check boxes; unknown codes are refused."""

    def __init__(self, *, choices, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs)


def language_field(**kwargs) -> CodesField:
    return CodesField(choices=language_choices, label=_("Languages spoken"), **kwargs)


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.municipality.name} · {obj.name}"


PERSON_FIELDS = [
    "given_names",
    "family_name",
    "native_name",
    "preferred_name",
    "birth_date",
    "gender",
    "phone",
    "email",
    "street",
    "postcode",
    "place",
    "municipality",
    "neighbourhood",
]


class PersonForm(forms.ModelForm):
    """Personal data, with a warning when the person is probably in the records already."""

    languages = language_field()
    interests = CodesField(choices=Interest.choices, label=_("Interests"))
    availability = CodesField(choices=DayPart.choices, label=_("Availability"))
    confirm_duplicate = forms.BooleanField(
        required=False,
        label=_("I checked: this is someone else. Save anyway."),
    )

    class Meta:
        model = Person
        fields = [*PERSON_FIELDS, "languages", "interests", "availability", "notes"]
        widgets = {
            "birth_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "native_name": forms.TextInput(attrs={"dir": "auto"}),
            "given_names": forms.TextInput(attrs={"dir": "auto", "autocomplete": "given-name"}),
            "family_name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates: list[Person] = []
        self.fields["municipality"].queryset = Municipality.objects.filter(active=True)
        self.fields["neighbourhood"] = NeighbourhoodChoiceField(
            queryset=Neighbourhood.objects.select_related("municipality"),
            required=False,
            label=_("Neighbourhood or village"),
        )
        self.fields["email"].error_messages["invalid"] = _(
            "Enter a valid e-mail address, like name@example.nl."
        )
        self.helper = _helper(
            Fieldset(
                _("Name"),
                _row("given_names", "family_name"),
                _row("native_name", "preferred_name"),
            ),
            Fieldset(_("Personal details"), _row("birth_date", "gender")),
            Fieldset(
                _("Contact and address"),
                _row("phone", "email"),
                _row("street", "postcode", "place"),
                _row("municipality", "neighbourhood"),
            ),
            Fieldset(
                _("Languages, interests and availability"),
                checkbox_columns("languages"),
                InlineCheckboxes("interests"),
                InlineCheckboxes("availability"),
                "notes",
            ),
            Div("confirm_duplicate", css_class="js-duplicate-confirm"),
        )

    def clean(self):
        data = super().clean()
        self.duplicates = person_duplicates(
            given_names=data.get("given_names", ""),
            family_name=data.get("family_name", ""),
            birth_date=data.get("birth_date"),
            phone=data.get("phone"),
            email=data.get("email", ""),
            exclude_pk=self.instance.pk,
        )
        if self.duplicates and not data.get("confirm_duplicate"):
            raise ValidationError(
                _(
                    "This person may already be in the records: same name and date of birth, "
                    "same phone number or same e-mail address. Open the existing record, or tick "
                    "the box below if this is someone else."
                ),
                code="duplicate",
            )
        return data

    def person_fields(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data
        }


class NewcomerRegistrationForm(forms.ModelForm):
    class Meta:
        model = Newcomer
        fields = [
            "registered_on",
            "priority",
            "referral_channel",
            "referrer",
            "referrer_contact",
            "referral_text",
            "country_of_origin",
            "arrival_date",
        ]
        widgets = {"registered_on": DateInput(), "arrival_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_referrers(self)
        self.helper = _helper(
            Fieldset(
                _("Registration"),
                _row("registered_on", "priority"),
                _row("referral_channel", "referral_text"),
                _row("referrer", "referrer_contact"),
                _row("country_of_origin", "arrival_date"),
            )
        )


def _limit_referrers(form: forms.ModelForm) -> None:
    form.fields["referrer"].queryset = Organisation.objects.filter(is_referrer=True, active=True)
    form.fields["referrer_contact"].queryset = ContactPerson.objects.filter(
        active=True, organisation__is_referrer=True
    ).select_related("organisation")
    form.fields["referrer_contact"].label_from_instance = lambda c: f"{c.name} ({c.organisation})"


class ChildrenAgesField(forms.CharField):
    """``"4, 7, 12"`` -> ``[4, 7, 12]``."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(age) for age in value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        ages = []
        for part in value.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 0 <= int(part) <= 30:
                raise ValidationError(
                    _("Give each child's age as a whole number from 0 to 30, separated by commas.")
                )
            ages.append(int(part))
        return ages


class ConsentChoicesMixin(forms.Form):
    """The consents an intake records: those in force are ticked, processing is required."""

    consents = forms.MultipleChoiceField(
        label=_("The person agrees to"),
        choices=Consent.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Consent already given stays recorded; withdraw it on the person's page."),
    )
    consent_method = forms.ChoiceField(
        label=_("Consent recorded how"),
        choices=Consent.Method.choices,
        initial=Consent.Method.SIGNED_FORM,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["consents"].initial = list(
                self.instance.person.consents.filter(withdrawn_on__isnull=True).values_list(
                    "kind", flat=True
                )
            )

    def clean(self):
        data = super().clean()
        if Consent.Kind.PROCESSING not in data.get("consents", []):
            self.add_error(
                "consents",
                _("Without consent to process their data the intake cannot be recorded."),
            )
        return data


class PersonIntakeFields(forms.Form):
    """What an intake conversation adds to the personal data: languages, interests, times and
    neighbourhood. Mixed into the intake forms, which are forms of the profile."""

    languages = language_field()
    interests = CodesField(choices=Interest.choices, label=_("Interests"))
    availability = CodesField(choices=DayPart.choices, label=_("Availability"))
    neighbourhood = NeighbourhoodChoiceField(
        queryset=Neighbourhood.objects.select_related("municipality"),
        required=False,
        label=_("Neighbourhood or village"),
        help_text=_("Matching uses it to weigh the distance between people."),
    )

    PERSON_INTAKE_FIELDS = ("languages", "interests", "availability", "neighbourhood")

    def _person_initial(self) -> None:
        person = self.instance.person
        for name in self.PERSON_INTAKE_FIELDS:
            self.initial.setdefault(name, getattr(person, name))
        if not self.instance.intake_date:
            self.initial["intake_date"] = timezone.localdate()

    def intake_data(self) -> dict:
        """What the intake service takes: the profile's fields, the person's, the consents."""
        return {
            "fields": {name: self.cleaned_data[name] for name in self._meta.fields},
            "person_fields": {name: self.cleaned_data[name] for name in self.PERSON_INTAKE_FIELDS},
            "consents": self.cleaned_data["consents"],
            "consent_method": self.cleaned_data["consent_method"],
        }

    @staticmethod
    def person_fieldset() -> Fieldset:
        return Fieldset(
            _("Languages, interests and availability"),
            checkbox_columns("languages"),
            InlineCheckboxes("interests"),
            InlineCheckboxes("availability"),
            "neighbourhood",
        )


class NewcomerIntakeForm(PersonIntakeFields, ConsentChoicesMixin, forms.ModelForm):
    children_ages = ChildrenAgesField(
        label=_("Ages of the children"),
        required=False,
        help_text=_("One age per child, separated by commas, e.g. 4, 7, 12."),
    )

    class Meta:
        model = Newcomer
        fields = [
            "intake_date",
            "country_of_origin",
            "arrival_date",
            "target_group",
            "dutch_level",
            "has_partner",
            "children_ages",
            "household_notes",
            "education",
            "education_background",
            "work_background",
            "work_sector",
            *GOAL_FIELDS,
            "participation_step",
            "buddy_gender_preference",
            "buddy_wishes",
            "referral_channel",
            "referrer",
            "referrer_contact",
            "referral_text",
            "priority",
            "intake_notes",
        ]
        textareas = [
            "household_notes",
            "education_background",
            "work_background",
            *GOAL_FIELDS,
            "buddy_wishes",
        ]
        widgets = {
            "intake_date": DateInput(),
            "arrival_date": DateInput(),
            "intake_notes": forms.Textarea(attrs={"rows": 4}),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in textareas},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_referrers(self)
        self._person_initial()
        for name in (
            "intake_date",
            "country_of_origin",
            "arrival_date",
            "target_group",
            "dutch_level",
        ):
            self.fields[name].required = True
        for name, label in HEALTH_DIMENSIONS:
            self.fields[f"health_{name}"] = forms.IntegerField(
                label=label, min_value=0, max_value=10, required=False
            )
        self.helper = _helper(*self._fieldsets())

    def _fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(
                _("Origin and arrival"),
                _row("intake_date", "country_of_origin", "arrival_date"),
                _row("target_group", "dutch_level", "priority"),
            ),
            self.person_fieldset(),
            Fieldset(
                _("Household"),
                _row("has_partner", "children_ages"),
                "household_notes",
            ),
            Fieldset(
                _("Education and work"),
                _row("education", "work_sector"),
                "education_background",
                "work_background",
            ),
            Fieldset(
                _("Goals per pillar"),
                *GOAL_FIELDS,
                "participation_step",
            ),
            Fieldset(
                _("Wishes for a buddy"),
                "buddy_gender_preference",
                "buddy_wishes",
            ),
            Fieldset(
                _("Referral"),
                _row("referral_channel", "referral_text"),
                _row("referrer", "referrer_contact"),
            ),
            Fieldset(
                _("Positive Health at intake (0–10)"),
                HTML('<p class="form-text">' + str(_("Fill in all six scores, or none.")) + "</p>"),
                Div(
                    *(
                        Div(Field(f"health_{name}"), css_class="col-6 col-md-4")
                        for name, _label in HEALTH_DIMENSIONS
                    ),
                    css_class="row",
                ),
            ),
            Fieldset(_("Consent"), Field("consents"), "consent_method"),
            Fieldset(_("Intake conversation"), "intake_notes"),
        ]

    def clean(self):
        data = super().clean()
        scores = {name: data.get(f"health_{name}") for name, _label in HEALTH_DIMENSIONS}
        given = [value for value in scores.values() if value is not None]
        if given and len(given) < len(scores):
            for name, value in scores.items():
                if value is None and f"health_{name}" not in self.errors:
                    self.add_error(f"health_{name}", _("Fill in all six scores, or none."))
        return data

    def intake_data(self) -> dict:
        scores = {name: self.cleaned_data.get(f"health_{name}") for name, _l in HEALTH_DIMENSIONS}
        has_scores = all(value is not None for value in scores.values())
        return {**super().intake_data(), "health": scores if has_scores else None}


class BuddyRegistrationForm(forms.ModelForm):
    class Meta:
        model = Buddy
        fields = ["registered_on", "recruitment_channel", "profession"]
        widgets = {"registered_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(
                _("Registration"),
                _row("registered_on", "recruitment_channel", "profession"),
            )
        )


class BuddyIntakeForm(PersonIntakeFields, ConsentChoicesMixin, forms.ModelForm):
    expertise_sectors = CodesField(choices=Sector.choices, label=_("Sectors of expertise"))

    class Meta:
        model = Buddy
        fields = [
            "intake_date",
            "profession",
            "expertise_sectors",
            "expertise",
            "recruitment_channel",
            "motivation",
            "preferences",
            "has_children",
            "max_active_matches",
            "vog_requested_on",
            "vog_received_on",
            "training_completed_on",
            "training_notes",
            "intake_notes",
        ]
        widgets = {
            "intake_date": DateInput(),
            "vog_requested_on": DateInput(),
            "vog_received_on": DateInput(),
            "training_completed_on": DateInput(),
            "expertise": forms.Textarea(attrs={"rows": 2}),
            "motivation": forms.Textarea(attrs={"rows": 3}),
            "preferences": forms.Textarea(attrs={"rows": 2}),
            "training_notes": forms.Textarea(attrs={"rows": 2}),
            "intake_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intake_date"].required = True
        self._person_initial()
        self.helper = _helper(
            Fieldset(
                _("Work and expertise"),
                _row("intake_date", "profession"),
                checkbox_columns("expertise_sectors"),
                "expertise",
            ),
            self.person_fieldset(),
            Fieldset(
                _("Motivation and preferences"),
                "recruitment_channel",
                "motivation",
                "preferences",
                "has_children",
                "max_active_matches",
            ),
            Fieldset(
                _("Certificate of conduct (VOG) and training"),
                _row("vog_requested_on", "vog_received_on"),
                _row("training_completed_on", "training_notes"),
            ),
            Fieldset(_("Consent"), Field("consents"), "consent_method"),
            Fieldset(_("Intake conversation"), "intake_notes"),
        )


class StatusForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    expected = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "—"), *Newcomer.StopReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["kind", "method", "given_on"]
        widgets = {"given_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_row("kind", "method", "given_on"))


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def clean_withdrawn_on(self):
        value = self.cleaned_data["withdrawn_on"]
        validate_not_future(value)
        return value


class HealthAssessmentForm(forms.ModelForm):
    class Meta:
        model = HealthAssessment
        fields = ["moment", "assessed_on", *(name for name, _l in HEALTH_DIMENSIONS), "notes"]
        widgets = {"assessed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, _label in HEALTH_DIMENSIONS:
            self.fields[name].widget.attrs.update({"min": 0, "max": 10})
        self.helper = _helper(
            _row("moment", "assessed_on"),
            Div(
                *(Div(Field(name), css_class="col-6 col-md-4") for name, _l in HEALTH_DIMENSIONS),
                css_class="row",
            ),
            "notes",
        )


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "evaluated_on",
            *(name for name, _l in EVALUATION_STATEMENTS),
            "participation_step",
            "went_well",
            "could_improve",
        ]
        widgets = {
            "evaluated_on": DateInput(),
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "could_improve": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "evaluated_on",
            Fieldset(
                _("Statements (1 = strongly disagree, 5 = strongly agree)"),
                *(name for name, _l in EVALUATION_STATEMENTS),
            ),
            "participation_step",
            Fieldset(_("In their own words"), "went_well", "could_improve"),
        )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "is_referrer",
            "is_funder",
            "is_partner",
            "municipality",
            "phone",
            "email",
            "website",
            "notes",
            "active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"website": partial(forms.URLField, assume_scheme="https")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "name",
            Fieldset(_("Role"), _row("is_referrer", "is_funder", "is_partner")),
            Fieldset(
                _("Contact"),
                _row("phone", "email"),
                _row("website", "municipality"),
            ),
            "notes",
            "active",
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("An organisation with this name already exists."))
        return name


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "code", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_row("name", "code"), "active")


class NeighbourhoodForm(forms.ModelForm):
    """A neighbourhood or village with its centre; matching measures distances from it."""

    latitude = forms.DecimalField(
        label=_("Latitude"),
        min_value=50,
        max_value=54,
        decimal_places=5,
        help_text=_("Decimal degrees, e.g. 52.99250 (the Netherlands lies between 50 and 54)."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        min_value=3,
        max_value=8,
        decimal_places=5,
        help_text=_("Decimal degrees, e.g. 6.56250 (the Netherlands lies between 3 and 8)."),
    )

    class Meta:
        model = Neighbourhood
        fields = ["name", "latitude", "longitude"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("name", _row("latitude", "longitude"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Neighbourhood.objects.filter(
            municipality_id=self.instance.municipality_id, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("This municipality already has a neighbourhood by this name."))
        return name


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "function", "phone", "email", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_row("name", "function"), _row("phone", "email"), "active")


class BuddySignupForm(forms.Form):
    """The public sign-up form for prospective buddies. ``website`` is a trap for robots."""

    given_names = forms.CharField(label=_("First name"), max_length=150)
    family_name = forms.CharField(label=_("Surname"), max_length=150)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Person._meta.get_field("gender").choices]
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={"invalid": _("Enter a valid e-mail address, like name@example.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = Person._meta.get_field("phone").formfield(required=False)
    postcode = Person._meta.get_field("postcode").formfield(required=True)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.filter(active=True)
    )
    languages = language_field()
    interests = CodesField(choices=Interest.choices, label=_("Interests"))
    availability = CodesField(choices=DayPart.choices, label=_("When could you meet?"))
    profession = forms.CharField(
        label=_("Profession or background"), max_length=200, required=False
    )
    recruitment_channel = forms.ChoiceField(
        label=_("How did you hear of us?"),
        choices=[("", "—"), *Buddy._meta.get_field("recruitment_channel").choices],
        required=False,
    )
    motivation = forms.CharField(
        label=_("Why would you like to be a buddy?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the programme stores these details to contact me about becoming a buddy."
        ),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Phone")
        self.fields["postcode"].label = _("Postcode")
        self.helper = _helper(
            Fieldset(
                _("About you"), _row("given_names", "family_name"), _row("birth_date", "gender")
            ),
            Fieldset(
                _("How we reach you"),
                _row("email", "phone"),
                _row("postcode", "municipality"),
            ),
            Fieldset(
                _("Being a buddy"),
                "profession",
                checkbox_columns("languages"),
                InlineCheckboxes("interests"),
                InlineCheckboxes("availability"),
                "motivation",
                "recruitment_channel",
            ),
            Div("website", css_class="hp-field", aria_hidden="true"),  # the honeypot
            "consent",
        )

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        validate_birth_date(value)
        return value

    def clean_postcode(self):
        value = normalise_postcode(self.cleaned_data["postcode"])
        validate_postcode(value)
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What does the file hold?"), choices=ImportBatch.Kind.choices)
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_("The first row holds the column names. At most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


class ColumnMappingForm(forms.Form):
    """Per column of an uploaded file: the field it holds, or set aside."""

    SET_ASIDE = "-"

    def __init__(self, *args, columns, fields: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("Choose…")),
            (self.SET_ASIDE, _("Set aside (not imported)")),
            *fields,
        ]
        for column in columns:
            initial = {None: "", "": self.SET_ASIDE}.get(column.target, column.target)
            self.fields[f"column_{column.index}"] = forms.ChoiceField(
                label=column.header or _("Column %(number)s") % {"number": column.index + 1},
                choices=choices,
                initial=initial,
                error_messages={"required": _("Choose a field or set the column aside.")},
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"column_{column.index}"].samples = column.samples
        self.columns = columns

    def mapping(self) -> dict[str, str]:
        return {
            str(column.index): (
                ""
                if self.cleaned_data[f"column_{column.index}"] == self.SET_ASIDE
                else self.cleaned_data[f"column_{column.index}"]
            )
            for column in self.columns
        }


class ReferralDecisionForm(forms.Form):
    """Per referral in a file that names no known organisation: keep it as text, create the
    organisation, or link it to one the records hold."""

    def __init__(self, *args, texts: list[str], decisions: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(active=True).only("pk", "name")
        choices = [
            ("", _("Keep as text")),
            ("new", _("Create this organisation")),
            (
                _("Link to"),
                [(str(organisation.pk), organisation.name) for organisation in organisations],
            ),
        ]
        self.texts = texts
        for index, text in enumerate(texts):
            self.fields[f"referral_{index}"] = forms.ChoiceField(
                label=text,
                choices=choices,
                initial=decisions.get(text, ""),
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def decisions(self) -> dict[str, str]:
        return {
            text: self.cleaned_data[f"referral_{index}"]
            for index, text in enumerate(self.texts)
            if self.cleaned_data[f"referral_{index}"]
        }


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the names, contact details and notes are erased for good."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class InviteForm(forms.Form):
    """Which role the invited person's login gets; the choices are those the inviter may give."""

    role = forms.ChoiceField(label=_("Role"), widget=forms.RadioSelect)

    def __init__(self, *args, roles: list[tuple[str, str]], initial_role: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        if initial_role in dict(roles):
            self.fields["role"].initial = initial_role
        self.helper = _helper("role")
