from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tearspace.core.idempotency import client_key_field
from tearspace.safety.models import ReportReason
from tearspace.safety.selfchecks import ANSWERS, Questionnaire

ANSWER_CHOICES = [(str(i), label) for i, label in enumerate(ANSWERS)]


class SelfCheckForm(forms.Form):
    """One radio group per item, answers 0-3, all required."""

    client_key = client_key_field()

    def __init__(self, *args: object, questionnaire: Questionnaire, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.questionnaire = questionnaire
        for number, item in enumerate(questionnaire.items, start=1):
            self.fields[f"q{number}"] = forms.TypedChoiceField(
                label=f"{number}. {item}",
                choices=ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": gettext("Please choose an answer for this one.")},
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{n}"] for n in range(1, len(self.questionnaire.items) + 1)]


class MindForm(forms.Form):
    text = forms.CharField(
        label=_("What's on your mind?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Write as much or as little as you like.")},
    )


# Explicit labels: a field's automatic label is its English name, which no catalog translates.
class CaseActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("acknowledge", _("Acknowledged")),
            ("reach_out", _("Reached out (send an in-app message)")),
            ("resolve", _("Resolved")),
            ("false_alarm", _("False alarm")),
        ],
    )
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReportReason.choices)
    details = forms.CharField(
        label=_("Details"), required=False, max_length=2000, widget=forms.Textarea
    )


SANCTION_CHOICES = [
    ("remove", _("Remove the reported words for everyone")),
    ("warn", _("Warn the writer")),
    ("mute", _("Pause their posting")),
    ("ban", _("Close their account")),
]
MUTE_CHOICES = [("1", _("1 day")), ("7", _("7 days")), ("30", _("30 days"))]


class SanctionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=SANCTION_CHOICES, widget=forms.RadioSelect
    )
    days = forms.TypedChoiceField(
        label=_("For how long (pauses only)"),
        choices=MUTE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    reason = forms.CharField(
        label=_("Reason (the person will read this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a short reason. The person will read it.")},
    )


class LiftForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the person will read this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a short reason. The person will read it.")},
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Keep the decision")), ("overturn", _("Undo the decision"))],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label=_("Your answer (the person will read this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a short answer. The person will read it.")},
    )


class AppealForm(forms.Form):
    words = forms.CharField(
        label=_("Why should we look again?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tell us, in your own words, why we should look again.")},
    )
