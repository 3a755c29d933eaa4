from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from tearspace.accounts.models import TokenScope, User, time_zone_names


def time_zone_field(**kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", _("The site's time zone")), *((name, name) for name in time_zone_names())],
        required=False,
        **kwargs,
    )


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, worded for a pseudonymous handle, with an optional country."""

    country = forms.ChoiceField(
        choices=[("", _("Prefer not to say")), *countries],
        required=False,
        label=_("Country (optional)"),
        help_text=_("So we can show crisis lines near you first."),
    )
    # Filled in by the page from the device's own setting (static/js/time_zone.js).
    time_zone = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Handle")
        self.fields["username"].widget.attrs["placeholder"] = _("e.g. quietriver")
        self.fields["username"].help_text = _("The name others see. No real name needed.")
        self.fields["email"].label = _("Email (optional)")
        self.fields["email"].help_text = _("Only needed to reset a forgotten password.")

    def clean_time_zone(self) -> str:
        """Keep the device's zone when we know it; an unknown one is no reason to refuse."""
        value = str(self.cleaned_data.get("time_zone") or "")
        return value if value in time_zone_names() else ""

    def save(self, request: HttpRequest) -> User:
        user: User = super().save(request)
        user.country = self.cleaned_data.get("country") or ""  # type: ignore[assignment]
        user.time_zone = self.cleaned_data.get("time_zone") or ""
        user.save(update_fields=["country", "time_zone"])
        return user


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Handle or email")
        self.fields["login"].widget.attrs["placeholder"] = ""
        self.fields["login"].widget.attrs["autocomplete"] = "username"


class SettingsForm(forms.ModelForm):
    time_zone = time_zone_field(
        label=_("Time zone"),
        help_text=_("Session times, reminders and quiet hours follow this zone."),
    )

    class Meta:
        model = User
        fields = ["username", "language", "country", "theme", "time_zone"]
        labels = {"username": _("Handle"), "theme": _("Appearance")}
        help_texts = {"username": _("The name others see. No real name needed.")}


class TokenForm(forms.Form):
    name = forms.CharField(max_length=80, label=_("What is this token for?"))
    scope = forms.ChoiceField(
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        label=_("What may it do?"),
        help_text=_(
            "Read only is safest. Either way it stops working if you change your password."
        ),
    )


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
