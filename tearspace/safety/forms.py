from django import forms

from tearspace.safety.models import ReportReason
from tearspace.safety.selfchecks import ANSWERS, Questionnaire

ANSWER_CHOICES = [(str(i), label) for i, label in enumerate(ANSWERS)]


class SelfCheckForm(forms.Form):
    """One radio group per item, answers 0-3, all required."""

    def __init__(self, *args: object, questionnaire: Questionnaire, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.questionnaire = questionnaire
        for number, item in enumerate(questionnaire.items, start=1):
            self.fields[f"q{number}"] = forms.TypedChoiceField(
                label=f"{number}. {item}",
                choices=ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose an answer for this one."},
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{n}"] for n in range(1, len(self.questionnaire.items) + 1)]


class MindForm(forms.Form):
    text = forms.CharField(
        label="What's on your mind?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Write as much or as little as you like."},
    )


class CaseActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("acknowledge", "Acknowledged"),
            ("reach_out", "Reached out (send an in-app message)"),
            ("resolve", "Resolved"),
            ("false_alarm", "False alarm"),
        ]
    )
    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=ReportReason.choices)
    details = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
