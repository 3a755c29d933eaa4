from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms import BoundField
from django.forms.fields import BaseTemporalField
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

from tearspace.core.idempotency import client_key_field
from tearspace.core.validators import ARCHIVE_MAX_BYTES, validate_date_range
from tearspace.journal.actions import REFLECTION_PROMPTS
from tearspace.journal.models import (
    EMOTION_CHOICES,
    HELPED_CHOICES,
    Company,
    Kind,
    Place,
    Relief,
    StrOrPromise,
)

BLANK = [("", _("not said"))]


class WallClockField(forms.DateTimeField):
    """A date and time as typed, left without a zone: the action reads it on the owner's clock.

    Django's own field reads it in the active zone and refuses the hour that happens twice when
    clocks go back; the journal must let a person log a cry in that hour (see `when_fold`).
    """

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        result = BaseTemporalField.to_python(self, value)
        return result if isinstance(result, datetime) else None


def strength_field(label: "StrPromise") -> forms.TypedChoiceField:
    """How strong a cry was: 1 (gentle) to 5 (very strong), or not said (None)."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
    )


@dataclass(frozen=True)
class FormSection:
    key: str
    title: StrOrPromise
    fields: list[BoundField]
    open: bool


class EntryForm(forms.Form):
    when = WallClockField(
        label=_("When"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty for right now."),
        validators=[validate_date_range],
    )
    # Only asked when the time happened twice (the night clocks go back).
    when_fold = forms.TypedChoiceField(
        label=_("Which time was it?"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("not said")),
            (0, _("the first time (before the clocks went back)")),
            (1, _("the second time (after the clocks went back)")),
        ],
    )
    duration_minutes = forms.IntegerField(
        label=_("How long (minutes)"), required=False, min_value=0, max_value=1440
    )
    intensity = strength_field(_("How strong (1 gentle to 5 very strong)"))
    emotions = forms.MultipleChoiceField(
        label=_("What did it feel like?"),
        required=False,
        choices=EMOTION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    emotion_words = forms.CharField(label=_("In your own words"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("What kind of cry?"),
        required=False,
        choices=BLANK + Kind.choices,
        widget=forms.RadioSelect,
    )
    trigger = forms.CharField(
        label=_("What set it off?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Short words you reuse, separated by commas (e.g. work, mum, films)."),
        widget=forms.TextInput(attrs={"list": "tag-suggestions", "autocomplete": "off"}),
    )
    place = forms.ChoiceField(label=_("Where"), required=False, choices=BLANK + Place.choices)
    with_whom = forms.ChoiceField(
        label=_("With whom"), required=False, choices=BLANK + Company.choices
    )
    relief = forms.ChoiceField(
        label=_("Afterwards I felt"),
        required=False,
        choices=BLANK + Relief.choices,
        help_text=_("You can fill this in later."),
    )
    helped = forms.MultipleChoiceField(
        label=_("What helped?"),
        required=False,
        choices=HELPED_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Anything you tried; you can fill this in later too."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    clip = forms.FileField(
        label=_("Audio or video clip"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*,video/*"}),
    )
    client_key = client_key_field()

    # The form reveals itself a section at a time: the moment first, the rest folded away.
    SECTIONS: tuple[tuple[str, StrOrPromise, tuple[str, ...]], ...] = (
        ("moment", _("The moment"), ("when", "when_fold", "intensity", "emotions")),
        (
            "more",
            _("More about it"),
            ("duration_minutes", "emotion_words", "kind", "trigger", "tags"),
        ),
        ("where", _("Where and with whom"), ("place", "with_whom")),
        ("after", _("Afterwards"), ("relief", "helped", "notes")),
        ("clip", _("A clip"), ("clip",)),
    )

    def sections(self, usual: Collection[str] = ()) -> list["FormSection"]:
        """The form's sections in order; one starts open when it is the first, holds an answer
        or an error, or is among the sections the person `usual`ly fills in."""
        drawn = []
        for key, title, names in self.SECTIONS:
            fields = [self[name] for name in names]
            filled = any(self._answered(field) for field in fields)
            is_open = key == "moment" or key in usual or filled
            drawn.append(FormSection(key, title, fields, is_open))
        return drawn

    @classmethod
    def usual_sections(cls, answers: list[dict[str, object]]) -> set[str]:
        """Sections answered in at least half of `answers` (the person's recent entries as
        this form's initial data), when there are at least two."""
        if len(answers) < 2:
            return set()
        usual = set()
        for key, _title, names in cls.SECTIONS:
            filled = sum(any(a.get(n) not in (None, "", [], ()) for n in names) for a in answers)
            if filled * 2 >= len(answers):
                usual.add(key)
        return usual

    @staticmethod
    def _answered(field: BoundField) -> bool:
        value = field.value()
        return bool(field.errors) or value not in (None, "", [], ())

    @property
    def asks_fold(self) -> bool:
        """Whether to show "Which time was it?": only for a time that happened twice."""
        return self.has_error("when_fold") or self["when_fold"].value() not in (None, "")

    # Fields a link may fill in before the person starts (the toolkit's "log this cry").
    PREFILLABLE = ("emotions", "helped")

    @classmethod
    def initial_from_query(cls, query: QueryDict) -> dict[str, list[str]]:
        """Initial choices suggested by a link's query, keeping only keys the fields offer."""
        initial: dict[str, list[str]] = {}
        for name in cls.PREFILLABLE:
            field = cls.base_fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            initial[name] = [key for key in query.getlist(name) if field.valid_value(key)]
        return initial

    def tag_names(self) -> list[str]:
        return [
            name.strip() for name in self.cleaned_data.get("tags", "").split(",") if name.strip()
        ]

    def entry_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in self.fields
            if name not in {"tags", "clip", "client_key"}
        }


class QuickLogForm(forms.Form):
    """The home's two-tap cry: how strong, and one feeling (its buttons send the form)."""

    intensity = strength_field(_("How strong?"))
    emotion = forms.ChoiceField(label=_("One feeling"), required=False, choices=EMOTION_CHOICES)
    client_key = client_key_field()

    def entry_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "intensity": data.get("intensity"),
            "emotions": [data["emotion"]] if data.get("emotion") else [],
        }


class ReliefForm(forms.Form):
    relief = forms.ChoiceField(
        label=_("Afterwards I felt"), required=False, choices=BLANK + Relief.choices
    )
    helped = forms.MultipleChoiceField(
        label=_("What helped?"),
        required=False,
        choices=HELPED_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )


class ReflectionForm(forms.Form):
    expressing_or_protesting = forms.ChoiceField(
        label=REFLECTION_PROMPTS["expressing_or_protesting"],
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("expressing", _("expressing a feeling")),
            ("protesting", _("protesting a situation")),
            ("both", _("a bit of both")),
            ("unsure", _("not sure")),
        ],
    )
    lighter = forms.ChoiceField(
        label=REFLECTION_PROMPTS["lighter"],
        required=False,
        choices=Relief.choices,
        widget=forms.RadioSelect,
    )
    share_with = forms.CharField(
        label=REFLECTION_PROMPTS["share_with"], required=False, max_length=300
    )
    quiet_minute = forms.ChoiceField(
        label=REFLECTION_PROMPTS["quiet_minute"],
        required=False,
        widget=forms.RadioSelect,
        choices=[("yes", _("yes, I'll take one")), ("no", _("not right now"))],
    )


class MontageForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_range],
    )
    end = forms.DateField(
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_range],
    )
    client_key = client_key_field()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start needs to be on or before the end."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Your journal export (data.json or the .zip)"))

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > ARCHIVE_MAX_BYTES:
            raise forms.ValidationError(
                _("That file is bigger than an export can be (%(mb)d MB).")
                % {"mb": ARCHIVE_MAX_BYTES // (1024 * 1024)}
            )
        return upload
