"""Train the reply (kindness) models and export alt-profanity-check's weights to npz/JSON.

`python tools/ml/train_reply.py` retrains the tone model only; `--all` also re-exports the
profanity weights and retrains the Davidson model (both deterministic).
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import common
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from tearspace.ml.features import ARTEFACTS, load_featurizer
from tearspace.ml.linear import load_linear, save_linear
from tearspace.ml.reply import (
    META_FEATURES,
    ReplyModels,
    inputs_fingerprint,
    load_profanity,
    model_text,
)

DAVIDSON_LABELS = ["hate", "offensive", "neither"]
REPLY_LABELS = ["ok", "nudge", "hold"]
CORPUS = Path(__file__).resolve().parent / "data" / "replies"
N_CARING = 300
N_GENERAL = 1500
N_SUPPORTIVE = 1500
# GoEmotions comments with any of these labels are not used as "ok" examples.
NOT_OK_EMOTIONS = ("anger", "annoyance", "disapproval", "disgust", "embarrassment")
C_TONE = 4.0
FloatArray = npt.NDArray[np.float32]


def export_profanity() -> None:
    from profanity_check.profanity_check import model, vectorizer

    vocab = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    parts = model.calibrated_classifiers_
    np.savez_compressed(
        ARTEFACTS / "profanity.npz",
        idf=vectorizer.idf_.astype(np.float32),
        coef=np.column_stack([p.estimator.coef_[0] for p in parts]).astype(np.float32),
        intercept=np.array([p.estimator.intercept_[0] for p in parts], dtype=np.float32),
        a=np.array([p.calibrators[0].a_ for p in parts], dtype=np.float32),
        b=np.array([p.calibrators[0].b_ for p in parts], dtype=np.float32),
    )
    payload = {"source": "alt-profanity-check 1.9.1 (MIT)", "vocabulary": vocab}
    (ARTEFACTS / "profanity.json").write_text(json.dumps(payload) + "\n")


def davidson_split() -> tuple[list[str], list[int], list[str], list[int]]:
    texts, labels = common.davidson()
    train_x, train_y, test_x, test_y = [], [], [], []
    for t, y in zip(texts, labels, strict=True):
        if common.stable_hash(t) % 5 == 0:
            test_x.append(t)
            test_y.append(y)
        else:
            train_x.append(t)
            train_y.append(y)
    return train_x, train_y, test_x, test_y


def ovr(x: sp.csr_matrix, y: npt.NDArray[np.int64], n: int, c: float) -> tuple[FloatArray, ...]:
    coef = np.zeros((x.shape[1], n), dtype=np.float32)
    bias = np.zeros(n, dtype=np.float32)
    for j in range(n):
        model = LogisticRegression(
            C=c, solver="liblinear", class_weight="balanced", random_state=common.SEED
        )
        model.fit(x, (y == j).astype(np.int8))
        coef[:, j] = model.coef_[0]
        bias[j] = model.intercept_[0]
    return coef, bias


def train_davidson() -> None:
    train_x, train_y, _, _ = davidson_split()
    coef, bias = ovr(load_featurizer().transform(train_x), np.array(train_y), 3, 2.0)
    meta = {"trained": date(2026, 11, 24).isoformat(), "data": "davidson 80% split"}
    save_linear("davidson", coef, bias, DAVIDSON_LABELS, 30000, meta)


@dataclass(frozen=True)
class Reply:
    text: str
    verdict: str  # ok | nudge | hold
    kind: str  # e.g. sarcasm, quote_reject; "fixture" for the older unlabelled-kind set
    split: str  # train | test
    source: str  # generated | handwritten | fixture


def reply_corpus() -> list[Reply]:
    """Every team-written labelled reply: tools/ml/data/replies/*.tsv + the test fixture set."""
    rows: list[Reply] = []
    for line in (CORPUS / "generated.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        verdict, kind, split, _, text = line.split("\t", 4)
        rows.append(Reply(text, verdict, kind, split, "generated"))
    for line in (CORPUS / "handwritten.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        verdict, kind, text = line.split("\t", 2)
        split = "test" if common.stable_hash(text) % 5 == 0 else "train"
        rows.append(Reply(text, verdict, kind, split, "handwritten"))
    for text, verdict, split in common.read_replies():
        rows.append(Reply(text, verdict, "fixture", split, "fixture"))
    return rows


def general_ok_texts() -> list[str]:
    """GoEmotions train comments as "ok": some only "caring", some of any emotion that is not
    anger, annoyance, disapproval, disgust or embarrassment (ordinary talk is not unkind)."""
    texts, labels = common.goemotions_split("train")
    names = common.goemotions_labels()
    caring = names.index("caring")
    excluded = {names.index(n) for n in NOT_OK_EMOTIONS}
    rng = random.Random(common.SEED)
    kind = rng.sample([t for t, ls in zip(texts, labels, strict=True) if ls == [caring]], N_CARING)
    plain = [t for t, ls in zip(texts, labels, strict=True) if not excluded & set(ls)]
    return kind + rng.sample(plain, N_GENERAL)


def supportive_posts(split: str) -> list[str]:
    """Posts of cssrs-reddit users labelled "Supportive" (people who answer others in distress)
    as "ok"; users split 4:1 by a hash of the name into train and dev."""
    posts = [
        p
        for u in common.cssrs_users()
        if u.label == "Supportive"
        and ("dev" if common.stable_hash(u.user) % 5 == 0 else "train") == split
        for p in u.posts
        if len(p) >= 40
    ]
    if split != "train":
        return posts
    return random.Random(common.SEED).sample(posts, min(N_SUPPORTIVE, len(posts)))


def reply_training_texts() -> tuple[list[str], list[int]]:
    rows = [r for r in reply_corpus() if r.split == "train"]
    general = general_ok_texts() + supportive_posts("train")
    texts = [r.text for r in rows] + general
    return texts, [REPLY_LABELS.index(r.verdict) for r in rows] + [0] * len(general)


def train_in_domain() -> None:
    raw, labels = reply_training_texts()
    texts = [model_text(t) for t in raw]
    x = load_featurizer().transform(texts)
    stand_in = load_linear("davidson")  # the tone model being trained is not read here
    models = ReplyModels(load_profanity(), stand_in, load_linear("emotions"), stand_in)
    meta = models.meta(texts, x)
    full = sp.hstack([x, sp.csr_matrix(meta)], format="csr")
    coef, bias = ovr(full, np.array(labels), 3, C_TONE)
    n = x.shape[1]
    info = {
        "trained": date(2026, 11, 30).isoformat(),
        "data": (
            "tools/ml/data/replies (generated + handwritten) and tests/fixtures/replies.tsv, "
            f"train splits; GoEmotions train: {N_CARING} 'caring' + {N_GENERAL} other comments "
            f"as ok; up to {N_SUPPORTIVE} posts of cssrs-reddit 'Supportive' users (4/5 of the "
            "users) as ok"
        ),
        "n_train": len(texts),
        "inputs_sha256": inputs_fingerprint(),
        "meta_features": list(META_FEATURES),
        "meta_weights": coef[n:].tolist(),
    }
    save_linear("reply", coef[:n], bias, REPLY_LABELS, 20000, info)


def main() -> None:
    if "--all" in sys.argv[1:]:
        export_profanity()
        train_davidson()
        load_linear.cache_clear()
    train_in_domain()
    print("reply: saved the tone model")


if __name__ == "__main__":
    main()
