"""Forms for matching: they validate input; the services do the writing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import CheckIn, Match, MatchWeights
from matching.profiles import NOTE_LIMIT
from matching.scoring import MAX_WEIGHT
from vvsite.forms import DateInput


def _date_field(label):
    return forms.DateField(label=label, initial=timezone.localdate, widget=DateInput())


class StepForm(forms.Form):
    """The date of a step in the life of a match (first meeting, start)."""

    on = _date_field(_("Date"))


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Match.EndReason.choices)
    on = _date_field(_("Ended on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ["on", "how", "note"]
        widgets = {"on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class ConfirmForm(forms.Form):
    """How the confirmed pairs start: proposed to the people, or already met."""

    status = forms.ChoiceField(
        label=_("The pairs start as"),
        choices=[
            (Match.Status.PROPOSED, _("Proposed: the first meeting is still to come")),
            (Match.Status.ACTIVE, _("Active: they have met already")),
        ],
        initial=Match.Status.PROPOSED,
        widget=forms.RadioSelect,
    )
    on = _date_field(_("Date"))


class WeightsForm(forms.ModelForm):
    class Meta:
        model = MatchWeights
        fields = [*MatchWeights.WEIGHT_FIELDS, "max_distance_km", "max_age_difference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MatchWeights.WEIGHT_FIELDS:
            self.fields[name].widget = forms.NumberInput(
                attrs={"min": 0, "max": MAX_WEIGHT, "step": 1, "class": "form-control"}
            )
            self.fields[name].help_text = _("0 to %(max)s points") % {"max": MAX_WEIGHT}
        self.fields["notes"].help_text = _(
            "A note of +5 gives this many points, -5 takes them away."
        )


class ExclusionForm(forms.Form):
    buddy = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why not this pair?"), max_length=300)


class PairNoteForm(forms.Form):
    buddy = forms.IntegerField(widget=forms.HiddenInput)
    points = forms.IntegerField(
        label=_("Judgement"),
        min_value=-NOTE_LIMIT,
        max_value=NOTE_LIMIT,
        help_text=_(
            "From -5 (strongly against) to +5 (strongly for); 0 without a note removes it."
        ),
    )
    text = forms.CharField(label=_("Note"), required=False, max_length=1000)


class PairChoiceForm(forms.Form):
    """Pin one pair of a cohort: a newcomer and a buddy from the cohort."""

    newcomer = forms.TypedChoiceField(label=_("Newcomer"), coerce=int)
    buddy = forms.TypedChoiceField(label=_("Buddy"), coerce=int)

    def __init__(self, *args, newcomers=(), buddies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newcomer"].choices = [("", "—")] + [
            (n.pk, n.person.display_name) for n in newcomers
        ]
        self.fields["buddy"].choices = [("", "—")] + [
            (b.pk, b.person.display_name) for b in buddies
        ]
