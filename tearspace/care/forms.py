"""The intake and answer forms. A form that comes back with a question keeps every word."""

from typing import Any

from django import forms
from django.utils import dateformat
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tearspace.accounts.models import User, time_zone_names
from tearspace.care.matching import Preferences, PreferencesError, insurer_key, insurer_label
from tearspace.care.models import (
    APPROACHES,
    DAYS,
    LANGUAGES,
    SLOTS,
    SPECIALTIES,
    Gender,
    TherapistProfile,
    joined_keys,
    keys_of,
)
from tearspace.safety.models import SelfCheck

MODE_CHOICES = [("either", _("Either")), ("online", _("Online")), ("in_person", _("In person"))]
PART_OF_DAY = {"morning": _("morning"), "afternoon": _("afternoon"), "evening": _("evening")}


def _slot_label(slot: str) -> str:
    # Translators: a time of the week a person can meet, like "Mon morning".
    return gettext("%(day)s %(part)s") % {
        "day": WEEKDAYS_ABBR[DAYS.index(slot[:3])],
        "part": PART_OF_DAY[slot[4:]],
    }


SLOT_CHOICES = [(slot, lazy(_slot_label, str)(slot)) for slot in SLOTS]


class SelfCheckField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # The month's name in the person's language.
        return f"{obj.get_kind_display()}, {dateformat.format(obj.created_at, 'd M Y')}"


class IntakeForm(forms.Form):
    what_brings = forms.CharField(
        label=_("What brings you here?"),
        help_text=_(
            "A few words are enough. Only you and the therapist you choose will read them."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), choices=list(LANGUAGES.items()))
    mode = forms.ChoiceField(label=_("Online or in person"), choices=MODE_CHOICES)
    region = forms.CharField(
        label=_("Where you are"),
        help_text=_(
            "Your licence region, like US-NY or GB. Therapists may only work where licensed."
        ),
        max_length=20,
        required=False,
    )
    insurer = forms.CharField(label=_("Your insurance (if any)"), max_length=40, required=False)
    sliding_scale_ok = forms.BooleanField(
        label=_("A sliding scale (pay what you can) is fine"), required=False
    )
    specialties = forms.MultipleChoiceField(
        label=_("What you would like help with"),
        choices=list(SPECIALTIES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    approaches = forms.MultipleChoiceField(
        label=_("Ways of working you like"),
        choices=list(APPROACHES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    gender = forms.ChoiceField(
        label=_("Therapist's gender"),
        choices=[("", _("No preference")), *Gender.choices],
        required=False,
    )
    times = forms.MultipleChoiceField(
        label=_("Times that suit you"),
        choices=SLOT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    self_check = SelfCheckField(
        label=_("Bring a recent self-check (optional)"),
        queryset=SelfCheck.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["self_check"]
        assert isinstance(field, forms.ModelChoiceField)
        recent = SelfCheck.objects.filter(person=person).values_list("pk", flat=True)[:10]
        field.queryset = SelfCheck.objects.filter(pk__in=list(recent))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self.preferences = Preferences.from_dict(data)
        except PreferencesError as error:
            raise forms.ValidationError(str(error)) from None
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Yes")), ("decline", _("No"))])
    note = forms.CharField(
        label=_("A note for them"), max_length=1000, required=False, widget=forms.Textarea
    )


class ProfileForm(forms.Form):
    """A therapist's own profile. Changing the licence sends it back for a new check."""

    display_name = forms.CharField(label=_("Name shown to people"), max_length=80)
    licence_type = forms.CharField(label=_("Licence type"), max_length=60)
    licence_number = forms.CharField(label=_("Licence number"), max_length=40)
    region = forms.CharField(label=_("Licence region (like US-NY or GB)"), max_length=20)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Rather not say")), *Gender.choices], required=False
    )
    specialties = forms.MultipleChoiceField(
        choices=list(SPECIALTIES.items()), widget=forms.CheckboxSelectMultiple, required=False
    )
    approaches = forms.MultipleChoiceField(
        choices=list(APPROACHES.items()), widget=forms.CheckboxSelectMultiple, required=False
    )
    languages = forms.MultipleChoiceField(
        choices=list(LANGUAGES.items()), widget=forms.CheckboxSelectMultiple
    )
    online = forms.BooleanField(label=_("I see people online"), required=False)
    in_person = forms.BooleanField(label=_("I see people in person"), required=False)
    location = forms.CharField(label=_("Where, in person"), max_length=120, required=False)
    insurers = forms.CharField(
        label=_("Insurers you take (separated by |)"), max_length=400, required=False
    )
    sliding_scale = forms.BooleanField(label=_("I offer a sliding scale"), required=False)
    availability = forms.MultipleChoiceField(
        label=_("Times of the week, in your time zone"),
        choices=SLOT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=[])
    note = forms.CharField(
        label=_("A short personal note"), max_length=600, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(name, name) for name in time_zone_names()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("online") or data.get("in_person")):
            raise forms.ValidationError(_("Choose online, in person, or both."))
        return data

    def profile_fields(self) -> dict[str, object]:
        """The cleaned answers as TherapistProfile fields."""
        data = self.cleaned_data
        insurers = [insurer_key(name) for name in data["insurers"].split("|") if name.strip()]
        return {
            **{k: data[k] for k in ("display_name", "licence_type", "licence_number", "gender")},
            "region": data["region"].strip().upper(),
            **{k: joined_keys(data[k]) for k in ("specialties", "approaches", "languages")},
            "availability": joined_keys(data["availability"]),
            "insurers": joined_keys(insurers),
            **{k: data[k] for k in ("online", "in_person", "location", "sliding_scale")},
            **{k: data[k] for k in ("time_zone", "note")},
        }


def profile_initial(profile: TherapistProfile | None) -> dict[str, object]:
    """A saved profile as the form's starting answers."""
    if profile is None:
        return {"languages": ["en"], "online": True, "time_zone": "UTC"}
    values = {name: getattr(profile, name) for name in ProfileForm.base_fields}
    for name in ("specialties", "approaches", "languages", "availability"):
        values[name] = keys_of(getattr(profile, name))
    values["insurers"] = "|".join(insurer_label(k) for k in keys_of(profile.insurers))
    return values
