from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from tearspace.accounts.actions import do_set_age_band
from tearspace.accounts.models import AgeBand, TokenScope, User, time_zone_names
from tearspace.core.widgets import FixedChoices, LongSelect

TIME_ZONES = FixedChoices(
    lambda: [("", _("The site's time zone")), *((name, name) for name in time_zone_names())]
)
# What the country field of the User model offers, in the language of the page.
COUNTRIES = FixedChoices(lambda: [*BLANK_CHOICE_DASH, *countries])
# The same at sign-up, where leaving it out is said in words (a list made at import would be
# in the server's language whatever the page's).
SIGNUP_COUNTRIES = FixedChoices(lambda: [("", _("Prefer not to say")), *countries])


def time_zone_field(**kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=TIME_ZONES,
        required=False,
        widget=LongSelect,
        **kwargs,
    )


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, worded for a pseudonymous handle, with an optional country and the
    age group (adult or under 18)."""

    country = forms.ChoiceField(
        choices=SIGNUP_COUNTRIES,
        required=False,
        widget=LongSelect,
        label=_("Country (optional)"),
        help_text=_("So we can show crisis lines near you first."),
    )
    # Asked here so that "I need someone now" never has to stop to ask; never a birth date.
    # Left out, it is asked once when the person first asks for a listener (/support/age/).
    age_band = forms.ChoiceField(
        choices=AgeBand.choices,
        required=False,
        widget=forms.RadioSelect,
        label=_("Your age group"),
        help_text=_(
            "Never your birth date. Listeners talk only with people of the same age group, "
            "so it keeps chats safe. It can't be changed later."
        ),
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
        if band := self.cleaned_data.get("age_band"):
            do_set_age_band(user=user, band=band)
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
        fields = ["username", "language", "country", "theme", "time_zone", "age_band"]
        # Every field named here: a model field's automatic label is its English name.
        labels = {
            "username": _("Handle"),
            "language": _("Language"),
            "country": _("Country"),
            "theme": _("Appearance"),
            "time_zone": _("Time zone"),
            "age_band": _("Age"),
        }
        widgets = {"country": LongSelect}
        help_texts = {
            "username": _("The name others see. No real name needed."),
            "age_band": _("Listeners are matched with people of the same age group only."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = COUNTRIES  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.age_band:
            # Asked once (accounts.actions.do_set_age_band): shown, not changed here.
            self.fields["age_band"].disabled = True
            self.fields["age_band"].help_text = _(
                "Given once, so adults and people under 18 are never matched. If it is wrong, "
                "please write to the team."
            )


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
