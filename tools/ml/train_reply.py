"""Train the reply (kindness) models and export alt-profanity-check's weights to npz/JSON."""

from __future__ import annotations

import json
import random
from datetime import date

import common
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from tearspace.ml.features import ARTEFACTS, load_featurizer
from tearspace.ml.linear import load_linear, save_linear
from tearspace.ml.reply import ReplyModels, load_profanity

DAVIDSON_LABELS = ["hate", "offensive", "neither"]
REPLY_LABELS = ["ok", "nudge", "hold"]
N_CARING = 300
META_SCALE = 1.0
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


def reply_training_texts() -> tuple[list[str], list[int]]:
    rows = [(t, REPLY_LABELS.index(v)) for t, v, s in common.read_replies() if s == "train"]
    texts, labels = common.goemotions_split("train")
    caring = common.goemotions_labels().index("caring")
    kind = [t for t, ls in zip(texts, labels, strict=True) if ls == [caring]]
    kind = random.Random(common.SEED).sample(kind, N_CARING)
    return [t for t, _ in rows] + kind, [y for _, y in rows] + [0] * len(kind)


def train_in_domain() -> None:
    texts, labels = reply_training_texts()
    feats = load_featurizer()
    x = feats.transform(texts)
    models = ReplyModels(load_profanity(), load_linear("davidson"), load_linear("davidson"))
    meta = models.meta(texts, x) * META_SCALE
    full = sp.hstack([x, sp.csr_matrix(meta)], format="csr")
    coef, bias = ovr(full, np.array(labels), 3, 8.0)
    n = x.shape[1]
    info = {
        "trained": date(2026, 11, 24).isoformat(),
        "data": "tests/fixtures/replies.tsv train split + GoEmotions 'caring' as ok",
        "meta_features": ["profanity", "offensive", "hate"],
        "meta_weights": (coef[n:] * META_SCALE).tolist(),
    }
    save_linear("reply", coef[:n], bias, REPLY_LABELS, 20000, info)


def main() -> None:
    export_profanity()
    train_davidson()
    load_linear.cache_clear()
    train_in_domain()
    print("reply: saved profanity export, davidson and in-domain models")


if __name__ == "__main__":
    main()
