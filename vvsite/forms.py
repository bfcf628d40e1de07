"""Forms of the foundation (sign-in, account) and the form helpers every app shares."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vvsite.services import password_reset_request


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class TimeInput(forms.TimeInput):
    """The browser's time picker."""

    input_type = "time"

    def __init__(self, attrs=None, format="%H:%M"):
        super().__init__(attrs=attrs, format=format)


def error_text(error: ValidationError) -> str:
    """A service's refusal as one sentence for a message."""
    return " ".join(str(message) for message in error.messages)


def form_errors(form) -> str:
    """All of a form's errors as one sentence for a message (e.g. after a one-click action)."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def add_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Mind upper and lower case."
        ),
        "inactive": _("This account has been deactivated."),
    }


class AccountForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["full_name", "email", "language"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = get_user_model().objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "").strip()


class ResetRequestForm(PasswordResetForm):
    """Ask for a password-reset link. The e-mail goes out through a job (``services``)."""

    def save(self, *args, **kwargs) -> None:
        password_reset_request(email=self.cleaned_data["email"])


class RolesForm(forms.Form):
    """The roles of an account, among those the administrator may give (the grant table)."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, grantable: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = grantable


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
