"""The intake and answer forms. A form that comes back with a question keeps every word."""

from typing import Any

from django import forms

from tearspace.accounts.models import User, time_zone_names
from tearspace.care.matching import Preferences, PreferencesError, insurer_key, insurer_label
from tearspace.care.models import (
    APPROACHES,
    LANGUAGES,
    PARTS,
    SLOTS,
    SPECIALTIES,
    Gender,
    TherapistProfile,
    joined_keys,
    keys_of,
)
from tearspace.safety.models import SelfCheck

MODE_CHOICES = [("either", "Either"), ("online", "Online"), ("in_person", "In person")]
SLOT_CHOICES = [(slot, f"{slot[:3].title()} {PARTS[slot[4:]][:-1]}") for slot in SLOTS]


class SelfCheckField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}, {obj.created_at:%d %b %Y}"


class IntakeForm(forms.Form):
    what_brings = forms.CharField(
        label="What brings you here?",
        help_text="A few words are enough. Only you and the therapist you choose will read them.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    language = forms.ChoiceField(label="Language", choices=list(LANGUAGES.items()))
    mode = forms.ChoiceField(label="Online or in person", choices=MODE_CHOICES)
    region = forms.CharField(
        label="Where you are",
        help_text="Your licence region, like US-NY or GB. Therapists may only work where licensed.",
        max_length=20,
        required=False,
    )
    insurer = forms.CharField(label="Your insurance (if any)", max_length=40, required=False)
    sliding_scale_ok = forms.BooleanField(
        label="A sliding scale (pay what you can) is fine", required=False
    )
    specialties = forms.MultipleChoiceField(
        label="What you would like help with",
        choices=list(SPECIALTIES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    approaches = forms.MultipleChoiceField(
        label="Ways of working you like",
        choices=list(APPROACHES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    gender = forms.ChoiceField(
        label="Therapist's gender",
        choices=[("", "No preference"), *Gender.choices],
        required=False,
    )
    times = forms.MultipleChoiceField(
        label="Times that suit you",
        choices=SLOT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    self_check = SelfCheckField(
        label="Bring a recent self-check (optional)",
        queryset=SelfCheck.objects.none(),
        required=False,
        empty_label="None",
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
    answer = forms.ChoiceField(choices=[("accept", "Yes"), ("decline", "No")])
    note = forms.CharField(
        label="A note for them", max_length=1000, required=False, widget=forms.Textarea
    )


class ProfileForm(forms.Form):
    """A therapist's own profile. Changing the licence sends it back for a new check."""

    display_name = forms.CharField(label="Name shown to people", max_length=80)
    licence_type = forms.CharField(label="Licence type", max_length=60)
    licence_number = forms.CharField(label="Licence number", max_length=40)
    region = forms.CharField(label="Licence region (like US-NY or GB)", max_length=20)
    gender = forms.ChoiceField(
        label="Gender", choices=[("", "Rather not say"), *Gender.choices], required=False
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
    online = forms.BooleanField(label="I see people online", required=False)
    in_person = forms.BooleanField(label="I see people in person", required=False)
    location = forms.CharField(label="Where, in person", max_length=120, required=False)
    insurers = forms.CharField(
        label="Insurers you take (separated by |)", max_length=400, required=False
    )
    sliding_scale = forms.BooleanField(label="I offer a sliding scale", required=False)
    availability = forms.MultipleChoiceField(
        label="Times of the week, in your time zone",
        choices=SLOT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=[])
    note = forms.CharField(
        label="A short personal note", max_length=600, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["time_zone"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(name, name) for name in time_zone_names()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("online") or data.get("in_person")):
            raise forms.ValidationError("Choose online, in person, or both.")
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
