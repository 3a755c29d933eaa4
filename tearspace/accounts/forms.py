from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries.fields import LazyTypedChoiceField
from django_countries import countries

from tearspace.accounts.models import User


class SignupExtrasForm(forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    country = LazyTypedChoiceField(
        choices=[("", _("Prefer not to say")), *countries],
        required=False,
        label=_("Country (optional)"),
        help_text=_("So we can show crisis lines near you first."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if "username" in self.fields:
            self.fields["username"].label = _("Handle")
            self.fields["username"].help_text = _(
                "The name others see. No real name needed."
            )
        if "email" in self.fields:
            self.fields["email"].label = _("Email (optional)")
            self.fields["email"].help_text = _("Only needed if you want to reset a forgotten password.")

    def signup(self, request: object, user: User) -> None:
        user.country = self.cleaned_data.get("country") or ""
        user.save(update_fields=["country"])


class SettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "country", "theme"]
        labels = {"theme": _("Appearance")}


class TokenForm(forms.Form):
    name = forms.CharField(max_length=80, label=_("What is this token for?"))


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type your handle to confirm"),
        help_text=_("This deletes your account and everything in it. It cannot be undone."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_confirm(self) -> str:
        value: str = self.cleaned_data["confirm"].strip()
        if value != self.user.username:
            raise forms.ValidationError(_("That isn't your handle, so nothing was deleted."))
        return value
