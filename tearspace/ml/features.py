"""Shared text features: hashed word 1-2 grams + char_wb 2-5 grams, sublinear TF-IDF, L2.

Hashing is stateless (no vocabulary pickle); the only learned part is the IDF vector,
stored in ``artefacts/features.npz``. Every model in the package reads the same
feature space, so a text is featurised once for crisis, reply and emotion models.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from tearspace.ml.memory import settle

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
N_FEATURES = WORD_FEATURES + CHAR_FEATURES
WORD_TOKEN = r"(?u)\b\w+\b"  # noqa: S105 - a regex, not a secret
MAX_CHARS = 5000  # longer texts are screened on head + tail; keeps latency bounded

FloatArray = npt.NDArray[np.float32]

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def clip_text(text: str) -> str:
    """Keep head and tail of very long texts so work per text stays bounded."""
    if len(text) <= MAX_CHARS:
        return text
    half = MAX_CHARS // 2
    return text[:half] + " \n " + text[-half:]


def preprocess(text: str) -> str:
    text = clip_text(text).translate(_QUOTES).lower()
    text = _URL.sub(" url ", text)
    return _MENTION.sub(" @user ", text)


@cache
def _vectorizers() -> tuple[HashingVectorizer, HashingVectorizer]:
    common: dict[str, Any] = {
        "alternate_sign": False,
        "norm": None,
        "lowercase": False,
        "preprocessor": preprocess,
        "dtype": np.float32,
    }
    words = HashingVectorizer(
        n_features=WORD_FEATURES,
        ngram_range=(1, 2),
        token_pattern=WORD_TOKEN,
        **common,
    )
    chars = HashingVectorizer(
        n_features=CHAR_FEATURES, ngram_range=(2, 5), analyzer="char_wb", **common
    )
    return words, chars


def raw_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """Hashed n-gram counts, shape (len(texts), N_FEATURES)."""
    words, chars = _vectorizers()
    counts = sp.hstack([words.transform(texts), chars.transform(texts)], format="csr")
    return sp.csr_matrix(counts, dtype=np.float32)


def tfidf(counts: sp.csr_matrix, idf: FloatArray) -> sp.csr_matrix:
    """Sublinear TF times IDF, rows L2-normalised."""
    out = counts.copy()
    out.data = (1.0 + np.log(out.data)) * idf[out.indices]
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    out.data /= np.repeat(norms, np.diff(out.indptr)).astype(np.float32)
    return sp.csr_matrix(out, dtype=np.float32)


def fit_idf(counts: sp.csr_matrix) -> FloatArray:
    n_docs = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


@dataclass(frozen=True)
class Featurizer:
    idf: FloatArray

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return tfidf(raw_counts(texts), self.idf)


def save_featurizer(idf: FloatArray, directory: Path = ARTEFACTS) -> None:
    np.savez_compressed(directory / "features.npz", idf=idf.astype(np.float16))
    config = {
        "word_features": WORD_FEATURES,
        "char_features": CHAR_FEATURES,
        "word_ngrams": [1, 2],
        "char_wb_ngrams": [2, 5],
        "tf": "sublinear",
        "norm": "l2",
    }
    (directory / "features.json").write_text(json.dumps(config, indent=2) + "\n")


@cache
def load_featurizer(directory: Path = ARTEFACTS) -> Featurizer:
    config = json.loads((directory / "features.json").read_text())
    if config["word_features"] != WORD_FEATURES or config["char_features"] != CHAR_FEATURES:
        raise ValueError("features.json does not match this code's feature layout")
    with np.load(directory / "features.npz", allow_pickle=False) as data:
        idf = data["idf"].astype(np.float32)
    featurizer = Featurizer(idf=idf)
    settle()
    return featurizer


@lru_cache(maxsize=128)
def features_one(text: str) -> sp.csr_matrix:
    """Features of one text, cached so crisis and reply checks of the same text share them."""
    return load_featurizer().transform([text])


@lru_cache(maxsize=1)
def _features_batch(texts: tuple[str, ...]) -> sp.csr_matrix:
    return load_featurizer().transform(texts)


def features_many(texts: Sequence[str]) -> sp.csr_matrix:
    """Features of a batch; the last batch is kept so crisis + reply checks share the work.

    Callers must not modify the returned matrix.
    """
    return _features_batch(tuple(texts))
