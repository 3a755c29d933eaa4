"""Data loading shared by the training and evaluation scripts (never imported by the app)."""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

FIXTURES = REPO / "tearspace" / "ml" / "tests" / "fixtures"
SEED = 20261124
AT_RISK = ("Ideation", "Behavior", "Attempt")


def data_dir() -> Path:
    return Path(os.environ.get("TEARSPACE_DATA_DIR", str(REPO.parent / "shared" / "data")))


# --- GoEmotions -----------------------------------------------------------------------------


def goemotions_labels() -> list[str]:
    path = data_dir() / "goemotions" / "original" / "labels.txt"
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def goemotions_split(split: str) -> tuple[list[str], list[list[int]]]:
    texts: list[str] = []
    labels: list[list[int]] = []
    path = data_dir() / "goemotions" / "original" / f"{split}.tsv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts.append(row[0])
            labels.append([int(x) for x in row[1].split(",")])
    return texts, labels


# --- Davidson ------------------------------------------------------------------------------


def davidson() -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    path = data_dir() / "davidson-offensive" / "labeled_data.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.append(clean_tweet(row["tweet"]))
            labels.append(int(row["class"]))
    return texts, labels


def clean_tweet(text: str) -> str:
    text = re.sub(r"&amp;", "&", text)
    text = re.sub(r"&#\d+;|&\w+;", " ", text)
    text = re.sub(r"\bRT\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# --- CSSRS Reddit --------------------------------------------------------------------------

# Concept names the original authors substituted for ordinary words (see data README).
# Multi-word concepts first; anything we cannot confidently undo is dropped.
CONCEPTS: list[tuple[str, str]] = [
    ("Mania Leukemia, Myelocytic, Acute", ""),
    ("Respiratory Distress Syndrome, Adult", "adult"),
    ("Anxiety Mental Depression", "anxiety depression"),
    ("Social Anxiety Mental Depression", "social anxiety depression"),
    ("Malignant neoplastic disease", "cancer"),
    ("Crying Reflex, Abnormal", "cry"),
    ("Hyperactive behavior", "like"),
    ("Abnormal behavior", "crazy"),
    ("Irritable Mood", "mean"),
    ("Chest Pain", "hurt"),
    ("Sharp Pain", "sharp"),
    ("Phobia, Social", "social"),
    ("Hypothermia, natural", "natural"),
    ("Weakness of hand", "hands"),
    ("Oedema of extremity", "feet"),
    ("Injury of muscle", ""),
    ("Sedated state", "calm"),
    ("Emotional upset", "emotional"),
    ("Drug abuse", "high"),
    ("Mental Depression", "depression"),
    ("Depressed mood", "depressed"),
    ("Muscle Weakness", "weak"),
    ("Common cold", "cold"),
    ("Acute psychosis", "psychosis"),
    ("Exhaustion of", "tired of"),
    ("Feeling unhappy", "sad"),
    ("Feeling hopeless", "hopeless"),
    ("Feeling angry", "angry"),
    ("Feeling irritable", "irritable"),
    ("Social fear", "afraid"),
    ("Hypersomnia", "sleep"),
    ("Wakefulness", "awake"),
    ("Asthenia", "week"),
    ("Exhaustion", "exhausted"),
    ("Numbness", "numb"),
    ("Nausea", "sick"),
    ("Tired", "very"),
    ("Pain", "hurt"),
    ("Ache", "pain"),
]
_CONCEPT_RE = re.compile(
    "|".join(re.escape(src) for src, _ in sorted(CONCEPTS, key=lambda c: -len(c[0])))
)
_CONCEPT_MAP = dict(CONCEPTS)


def undo_concepts(text: str) -> str:
    text = _CONCEPT_RE.sub(lambda m: _CONCEPT_MAP[m.group(0)], text)
    text = re.sub(r"(\\x[0-9a-f]{2})+", "'", text)
    return re.sub(r"\s+", " ", text).strip()


def _parse_posts(raw: str) -> list[str]:
    try:
        value = ast.literal_eval(raw)
        return [str(p) for p in value]
    except (ValueError, SyntaxError):
        body = raw.strip()[1:]
        body = body.removesuffix("]")
        pattern = r"""(['"])(.*?)\1(?=, ['"]|\s*$)"""
        return [m.group(2) for m in re.finditer(pattern, body, re.S)]


@dataclass(frozen=True)
class CssrsUser:
    user: str
    label: str
    posts: list[str]

    @property
    def at_risk(self) -> bool:
        return self.label in AT_RISK


def cssrs_users() -> list[CssrsUser]:
    csv.field_size_limit(10**9)
    path = data_dir() / "cssrs-reddit" / "500_Reddit_users_posts_labels.csv"
    users: list[CssrsUser] = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            posts = [undo_concepts(p) for p in _parse_posts(row["Post"])]
            users.append(CssrsUser(row["User"], row["Label"], [p for p in posts if p]))
    return users


def user_folds(users: list[CssrsUser], k: int = 5) -> list[int]:
    """Deterministic stratified fold per user (round-robin within each label)."""
    folds = [0] * len(users)
    by_label: dict[str, list[int]] = {}
    for i, u in enumerate(users):
        by_label.setdefault(u.label, []).append(i)
    for idxs in by_label.values():
        idxs.sort(key=lambda i: stable_hash(users[i].user))
        for j, i in enumerate(idxs):
            folds[i] = j % k
    return folds


# --- fixtures ------------------------------------------------------------------------------


def stable_hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def read_jsonl(name: str) -> list[dict[str, str]]:
    path = FIXTURES / name
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def read_replies() -> list[tuple[str, str, str]]:
    """(text, verdict, split) rows of the in-domain reply set."""
    rows: list[tuple[str, str, str]] = []
    for line in (FIXTURES / "replies.tsv").read_text().splitlines()[1:]:
        if line.strip():
            verdict, split, text = line.split("\t", 2)
            rows.append((text, verdict, split))
    return rows
