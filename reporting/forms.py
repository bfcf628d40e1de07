"""Forms of the reporting pages: the dashboard's filter, the annual report's year, the funder
export and the yearly targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import Municipality, Organisation
from reporting import exports
from reporting.catalogue import DEFAULT_TARGETS, TargetKpi, Unit, kpi


def _year_choices(years) -> list[tuple[int, str]]:
    return [(year, str(year)) for year in sorted(years, reverse=True)]


class DashboardFilterForm(forms.Form):
    """``?jaar=2025&gemeente=3``: the year and, optionally, one municipality."""

    jaar = forms.TypedChoiceField(label=_("Year"), coerce=int)
    gemeente = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("All municipalities"),
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = _year_choices(years)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm js-autosubmit"


class AnnualReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(years)


class ExportForm(forms.Form):
    """Who to export (a referrer's newcomers, a project, a municipality) and for which period."""

    selection = forms.ChoiceField(
        label=_("Export"), choices=exports.SELECTIONS, widget=forms.RadioSelect
    )
    organisation = forms.ModelChoiceField(
        label=_("Referring organisation"),
        queryset=Organisation.objects.filter(is_referrer=True).order_by("name"),
        required=False,
    )
    project = forms.ChoiceField(label=_("Project"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name"), required=False
    )
    # A browser's date field takes ISO dates, whatever the language of the page.
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To and including"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "---------")] + [
            (name, name) for name in exports.projects()
        ]
        if not self.is_bound:
            last_year = timezone.localdate().year - 1
            self.initial.setdefault("selection", exports.REFERRER)
            self.initial.setdefault("start", date(last_year, 1, 1))
            self.initial.setdefault("end", date(last_year, 12, 31))

    def clean(self):
        cleaned = super().clean()
        selection = cleaned.get("selection")
        field = {
            exports.REFERRER: "organisation",
            exports.PROJECT: "project",
            exports.MUNICIPALITY: "municipality",
        }.get(selection)
        if field and not cleaned.get(field):
            self.add_error(field, _("Choose one for this export."))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned

    def export(self) -> exports.Export:
        data = self.cleaned_data
        selection = data["selection"]
        return exports.Export(
            selection=selection,
            start=data["start"],
            end=data["end"],
            organisation=data["organisation"] if selection == exports.REFERRER else None,
            project=data["project"] if selection == exports.PROJECT else "",
            municipality=data["municipality"] if selection == exports.MUNICIPALITY else None,
        )


class TargetRowForm(forms.Form):
    """One key figure's targets for a year: for all municipalities and for each."""

    kpi = forms.ChoiceField(choices=TargetKpi.choices, widget=forms.HiddenInput)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = municipalities
        self.fields["all"] = self._value_field(_("All municipalities"))
        for municipality in municipalities:
            self.fields[f"m{municipality.pk}"] = self._value_field(municipality.name)

    @staticmethod
    def _value_field(label) -> forms.DecimalField:
        return forms.DecimalField(
            label=label,
            required=False,
            min_value=Decimal(0),
            max_digits=12,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"step": "any", "class": "form-control-sm"}),
        )

    @property
    def code(self) -> str:
        return self.initial.get("kpi") or self.data.get(self.add_prefix("kpi"), "")

    @property
    def label(self) -> str:
        return str(dict(TargetKpi.choices).get(self.code, self.code))

    @property
    def unit(self) -> str:
        """ "%", "days", "hours" or "€" after the figure's name: what a number means."""
        return {
            Unit.PERCENT: "%",
            Unit.DAYS: str(_("days")),
            Unit.HOURS: str(_("hours")),
            Unit.EUROS: "€",
        }.get(kpi(self.code).unit, "")

    def scopes(self):
        """(municipality pk or None, bound field) for every cell of the row."""
        yield None, self["all"]
        for municipality in self.municipalities:
            yield municipality.pk, self[f"m{municipality.pk}"]

    def values(self) -> dict[tuple[int | None, str], Decimal | None]:
        code = self.cleaned_data["kpi"]
        result = {(None, code): self.cleaned_data.get("all")}
        for municipality in self.municipalities:
            result[(municipality.pk, code)] = self.cleaned_data.get(f"m{municipality.pk}")
        return result


class BaseTargetFormSet(forms.BaseFormSet):
    def values(self) -> dict:
        result = {}
        for form in self.forms:
            result.update(form.values())
        return result


TargetFormSet = formset_factory(TargetRowForm, formset=BaseTargetFormSet, extra=0)


def _plain(value: Decimal | None) -> Decimal | None:
    """35.00 -> 35, 12.50 -> 12.5: what an administrator typed."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def target_initial(year: int, targets, municipalities) -> list[dict]:
    """One row per key figure: the stored targets, else the strategic plan's default."""
    stored = {(target.municipality_id, target.kpi): _plain(target.value) for target in targets}
    rows = []
    for code in TargetKpi.values:
        row = {"kpi": code}
        if (None, code) in stored:
            row["all"] = stored[(None, code)]
        elif (year, code) in DEFAULT_TARGETS:
            row["all"] = Decimal(DEFAULT_TARGETS[(year, code)])
        for municipality in municipalities:
            row[f"m{municipality.pk}"] = stored.get((municipality.pk, code))
        rows.append(row)
    return rows
