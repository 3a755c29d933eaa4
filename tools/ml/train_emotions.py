"""Train the GoEmotions 28-label one-vs-rest model.

The model is fit on train + dev. Per-label thresholds come from 5-fold out-of-fold
predictions over the same 48k comments (far less noisy than thresholds tuned on dev alone,
which matters for rare labels such as grief and relief). The test split is never touched.
"""

from __future__ import annotations

from datetime import date

import common
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression

from tearspace.ml.features import N_FEATURES, load_featurizer
from tearspace.ml.linear import save_linear, sigmoid

C = 2.0
KEEP = 80000
FOLDS = 5
FloatArray = npt.NDArray[np.float32]


def multi_hot(labels: list[list[int]], n: int) -> npt.NDArray[np.int8]:
    y = np.zeros((len(labels), n), dtype=np.int8)
    for i, ids in enumerate(labels):
        y[i, ids] = 1
    return y


def _fit_one(x: sp.csr_matrix, y: npt.NDArray[np.int8]) -> tuple[FloatArray, float]:
    model = LogisticRegression(C=C, solver="liblinear", max_iter=200, random_state=common.SEED)
    model.fit(x, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def fit_ovr(x: sp.csr_matrix, y: npt.NDArray[np.int8]) -> tuple[FloatArray, FloatArray]:
    fitted = Parallel(n_jobs=2)(delayed(_fit_one)(x, y[:, j]) for j in range(y.shape[1]))
    coef = np.column_stack([c for c, _ in fitted]).astype(np.float32)
    bias = np.array([b for _, b in fitted], dtype=np.float32)
    assert coef.shape[0] == N_FEATURES
    return coef, bias


def f1(pred: npt.NDArray[np.bool_], gold: npt.NDArray[np.bool_]) -> float:
    tp = float((pred & gold).sum())
    denom = float(pred.sum() + gold.sum())
    return 2 * tp / denom if denom else 0.0


def best_thresholds(proba: FloatArray, y: npt.NDArray[np.int8]) -> list[float]:
    grid = np.arange(0.05, 0.9, 0.01)
    out: list[float] = []
    for j in range(y.shape[1]):
        f1s = [f1(proba[:, j] >= t, y[:, j] == 1) for t in grid]
        out.append(round(float(grid[int(np.argmax(f1s))]), 2))
    return out


def out_of_fold(x: sp.csr_matrix, y: npt.NDArray[np.int8]) -> FloatArray:
    fold = np.random.default_rng(common.SEED).permutation(x.shape[0]) % FOLDS
    proba = np.zeros(y.shape, dtype=np.float32)
    for k in range(FOLDS):
        coef, bias = fit_ovr(x[fold != k], y[fold != k])
        proba[fold == k] = sigmoid(np.asarray(x[fold == k] @ coef) + bias)
    return proba


def main() -> None:
    labels = common.goemotions_labels()
    train_x, train_l = common.goemotions_split("train")
    dev_x, dev_l = common.goemotions_split("dev")
    x = load_featurizer().transform(train_x + dev_x)
    y = multi_hot(train_l + dev_l, len(labels))
    thresholds = best_thresholds(out_of_fold(x, y), y)
    coef, bias = fit_ovr(x, y)
    meta = {
        "thresholds": thresholds,
        "trained": date(2026, 11, 24).isoformat(),
        "data": "goemotions/original train+dev; thresholds from 5-fold out-of-fold predictions",
        "C": C,
        "keep": KEEP,
    }
    save_linear("emotions", coef, bias, labels, KEEP, meta)
    print(f"emotions: saved, C={C}, keep={KEEP}, thresholds {thresholds}")


if __name__ == "__main__":
    main()
