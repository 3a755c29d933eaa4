"""Django-free text understanding for Tearspace: one function per question."""

from tearspace.ml.crisis import CrisisAssessment, assess_crisis, assess_crisis_many
from tearspace.ml.emotions import detect_ekman, detect_emotions, detected_labels, ekman_of
from tearspace.ml.reply import ReplyAssessment, assess_reply, assess_reply_many
from tearspace.ml.topics import classify_topic

__all__ = [
    "CrisisAssessment",
    "ReplyAssessment",
    "assess_crisis",
    "assess_crisis_many",
    "assess_reply",
    "assess_reply_many",
    "classify_topic",
    "detect_ekman",
    "detect_emotions",
    "detected_labels",
    "ekman_of",
]
