"""What a first line is about, for small groups: the project's text models, kept explainable.

A line's topic is its top keyword topic (`ml.topics.classify_topic`: grief, breakup, family,
work_study, loneliness, health, joy), or, when it names none, its strongest feeling
(`ml.emotions.detect_ekman`: sadness, fear, anger, ...). Its scores are both lists together,
each in [0, 1]: how much of the line is about each topic, and how strongly each feeling shows.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tearspace.ml.emotions import detect_ekman
from tearspace.ml.topics import classify_topic

# "Nearest" must still be near: a group whose topic scores below this for the line is not
# offered (a line about grief never lands in a group about exam stress by default).
NEAREST_AT_LEAST = 0.25

LABELS: dict[str, Promise] = {
    "grief": _("loss and grief"),
    "breakup": _("break-ups and relationships"),
    "family": _("family"),
    "work_study": _("work and study"),
    "loneliness": _("feeling alone"),
    "health": _("health"),
    "joy": _("happy tears"),
    "sadness": _("feeling sad"),
    "fear": _("worry and fear"),
    "anger": _("anger and frustration"),
    "disgust": _("feeling upset"),
    "surprise": _("something unexpected"),
    "neutral": _("whatever is on your mind"),
}


@dataclass(frozen=True)
class LineTopic:
    topic: str
    scores: dict[str, float]

    def nearness(self, group_topic: str) -> float:
        """How close a group's topic is to this line, in [0, 1] (1: its own topic)."""
        if group_topic == self.topic:
            return 1.0
        return self.scores.get(group_topic, 0.0)


def line_topic(text: str) -> LineTopic:
    """The topic of a first line and its scores (a few microseconds of model work)."""
    topics = classify_topic(text)
    feelings = detect_ekman(text)
    # "neutral" is the absence of a feeling: it brings nobody near anybody.
    scores = {name: score for name, score in feelings if name != "neutral"}
    # Keyword topics come second so that "joy" the topic wins over "joy" the feeling.
    scores.update(topics)
    topic = topics[0][0] if topics else feelings[0][0]
    return LineTopic(topic=topic, scores=scores)


def topic_label(topic: str) -> str:
    """A plain name for a group's topic, to show its members."""
    return str(LABELS.get(topic, LABELS["neutral"]))
