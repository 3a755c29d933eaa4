"""Pruned linear models over the shared hashed feature space, stored as npz + JSON (no pickles).

Only features whose largest absolute weight survives pruning are stored (float16); every
other feature maps to a zero row, so inference is one sparse-times-dense product.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from tearspace.ml.features import ARTEFACTS, N_FEATURES
from tearspace.ml.memory import settle

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True)
class LinearModel:
    labels: list[str]
    remap: IntArray  # feature id -> row of `weights` (last row is all zeros)
    weights: FloatArray  # (kept + 1, n_labels)
    bias: FloatArray  # (n_labels,)
    meta: dict[str, Any] = field(default_factory=dict)

    def decision(self, features: sp.csr_matrix) -> FloatArray:
        compact = sp.csr_matrix(
            (features.data, self.remap[features.indices], features.indptr),
            shape=(features.shape[0], self.weights.shape[0]),
        )
        return np.asarray(compact @ self.weights, dtype=np.float32) + self.bias

    def proba(self, features: sp.csr_matrix) -> FloatArray:
        """Independent per-label sigmoid probabilities (one-vs-rest)."""
        return sigmoid(self.decision(features))


def sigmoid(x: FloatArray) -> FloatArray:
    return (1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))).astype(np.float32)


def prune(coef: FloatArray, keep: int) -> IntArray:
    """Indices of the `keep` features with the largest absolute weight for any label."""
    strength = np.abs(coef).max(axis=1)
    keep = min(keep, int((strength > 0).sum()))
    order = np.argpartition(-strength, keep - 1)[:keep] if keep else np.array([], dtype=np.int64)
    return np.sort(order).astype(np.int32)


def save_linear(
    name: str,
    coef: FloatArray,
    bias: FloatArray,
    labels: list[str],
    keep: int,
    meta: dict[str, Any],
    directory: Path = ARTEFACTS,
) -> None:
    """Save a (N_FEATURES, n_labels) weight matrix, keeping the `keep` strongest features."""
    kept = prune(coef, keep)
    np.savez_compressed(
        directory / f"{name}.npz",
        kept=kept,
        weights=coef[kept].astype(np.float16),
        bias=bias.astype(np.float32),
    )
    payload = {"labels": labels, "n_features": N_FEATURES, **meta}
    (directory / f"{name}.json").write_text(json.dumps(payload, indent=2) + "\n")


def load_linear_from(directory: Path, name: str) -> LinearModel:
    meta = json.loads((directory / f"{name}.json").read_text())
    with np.load(directory / f"{name}.npz", allow_pickle=False) as data:
        kept = data["kept"].astype(np.int64)
        weights = data["weights"].astype(np.float32)
        bias = data["bias"].astype(np.float32)
    remap = np.full(int(meta["n_features"]), len(kept), dtype=np.int32)
    remap[kept] = np.arange(len(kept), dtype=np.int32)
    padded = np.vstack([weights, np.zeros((1, weights.shape[1]), dtype=np.float32)])
    labels = list(meta.pop("labels"))
    return LinearModel(labels=labels, remap=remap, weights=padded, bias=bias, meta=meta)


@cache
def load_linear(name: str) -> LinearModel:
    model = load_linear_from(ARTEFACTS, name)
    settle()
    return model
