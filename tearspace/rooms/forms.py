from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tearspace.conversations.models import MAX_MESSAGE_LENGTH
from tearspace.core.idempotency import client_key_field
from tearspace.core.validators import validate_date_range
from tearspace.rooms.models import HOSTED_KINDS, MAX_CAPACITY, Kind, LibraryItem, Relief


class RoomForm(forms.Form):
    client_key = client_key_field()
    title = forms.CharField(max_length=200)
    theme = forms.CharField(
        max_length=200, required=False, help_text=_("What the session is about, in a few words.")
    )
    kind = forms.ChoiceField(
        choices=[(kind.value, kind.label) for kind in HOSTED_KINDS], initial=Kind.SCHEDULED
    )
    starts_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("For scheduled sessions."),
        validators=[validate_date_range],
    )
    length_minutes = forms.IntegerField(min_value=10, max_value=240, initial=60)
    capacity = forms.IntegerField(min_value=2, max_value=MAX_CAPACITY, initial=20)
    language = forms.ChoiceField(choices=settings.LANGUAGES, initial="en")
    content_notes = forms.CharField(
        max_length=500,
        required=False,
        help_text=_("What people may meet in the clips, so they can choose with care."),
    )
    newcomers_read_earlier = forms.BooleanField(
        required=False,
        label=_("People who come in later can read the chat from before they came"),
        help_text=_(
            "Off: everyone reads the chat from when they came in, so words shared earlier stay "
            "with the people who were there."
        ),
    )


class ClipForm(forms.Form):
    title = forms.CharField(max_length=200)
    content_note = forms.CharField(max_length=300, required=False)
    file = forms.FileField(required=False, help_text=_("A video or audio file."))
    library_item = forms.ModelChoiceField(
        queryset=LibraryItem.objects.all(),
        required=False,
        help_text=_("Or choose from the library."),
    )


class FeelingForm(forms.Form):
    relief = forms.ChoiceField(
        choices=[("", _("Skip")), *Relief.choices],
        required=False,
        widget=forms.RadioSelect,
        label=_("After the session I feel"),
    )
    feeling = forms.CharField(
        max_length=MAX_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("How did it feel?"),
        help_text=_("Only you see this."),
    )
    journal = forms.BooleanField(
        required=False,
        label=_("Add this to my journal as a cry"),
        help_text=_("Your journal is only yours. The host and the others are not told."),
    )
