"""Benchmark crisis screening + reply check (run: .venv/bin/python benchmarks/screening.py).

Per-text p50/p99 for assess_crisis + assess_reply on a realistic mix of texts up to 5,000
characters, one 100,000-character entry (intent hidden in the middle), and 10,000 texts
batched, each compared with a baseline measured in the same run on the same core: a
lower-case + single-regex scan of the same texts (the cheapest layer), and the raw hashing
transform alone. The targets are printed on the last line; exits non-zero when one is missed.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tearspace.ml import (  # noqa: E402
    assess_crisis,
    assess_crisis_many,
    assess_reply,
    assess_reply_many,
)
from tearspace.ml.features import raw_counts  # noqa: E402

FIXTURES = REPO / "tearspace" / "ml" / "tests" / "fixtures"
DATA = Path(os.environ.get("TEARSPACE_DATA_DIR", str(REPO.parent / "shared" / "data")))
P50_MS, P99_MS, BATCH_S, BATCH_N = 3.0, 15.0, 10.0, 10_000
LONG_MS, LONG_CHARS, MAX_CHARS = 50.0, 100_000, 5000
BASELINE_RX = re.compile(r"\b(?:die|kill|suicid\w*|hurt|cry|crying|idiot|stupid)\b")


def fixture_texts() -> list[str]:
    texts: list[str] = []
    for name in ("must_flag.jsonl", "hard_negatives.jsonl", "third_person.jsonl"):
        for line in (FIXTURES / name).read_text().splitlines():
            texts.append(json.loads(line)["text"])
    for line in (FIXTURES / "replies.tsv").read_text().splitlines()[1:]:
        texts.append(line.split("\t", 2)[2])
    return texts


def public_texts() -> list[str]:
    path = DATA / "goemotions" / "original" / "dev.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [row[0] for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


def journal_like(rng: random.Random, pool: list[str]) -> str:
    """A longer entry stitched from several short texts (journal-length, ~300-800 chars)."""
    return " ".join(rng.sample(pool, rng.randint(4, 10)))


def text_mix(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pool = fixture_texts() + public_texts()
    texts = [journal_like(rng, pool) if rng.random() < 0.2 else rng.choice(pool) for _ in range(n)]
    return [t[:MAX_CHARS] for t in texts]


def long_entry(seed: int) -> str:
    """A 100,000-character journal entry with one sentence of intent in the middle."""
    rng = random.Random(seed)
    pool = public_texts() or fixture_texts()
    half: list[str] = []
    while sum(len(t) + 2 for t in half) < LONG_CHARS // 2:
        half.append(rng.choice(pool).rstrip(".") + ".")
    body = " ".join(half)[: LONG_CHARS // 2]
    return (body + " I am going to end it tonight. " + body)[:LONG_CHARS]


def per_text_ms(fn: Callable[[str], object], texts: list[str]) -> list[float]:
    out: list[float] = []
    for text in texts:
        start = time.perf_counter()
        fn(text)
        out.append((time.perf_counter() - start) * 1000)
    return sorted(out)


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


def screen(text: str) -> None:
    assess_crisis(text)
    assess_reply(text)


def baseline(text: str) -> None:
    BASELINE_RX.search(text.lower())


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    core = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def main() -> int:
    print(pin_to_one_core())
    warm = text_mix(200, seed=1)
    for text in warm:
        screen(text)
    texts = text_mix(3000)
    model = per_text_ms(screen, texts)
    base = per_text_ms(baseline, texts)
    hashing = per_text_ms(lambda t: raw_counts([t]), texts)
    p50, p99 = pct(model, 0.5), pct(model, 0.99)
    print(f"per text (crisis + reply), n={len(texts)}: p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    print(
        f"  baseline lower()+regex: p50 {pct(base, 0.5):.4f} ms"
        f" -> ratio {p50 / pct(base, 0.5):.0f}x"
    )
    print(
        f"  baseline hashing transform alone: p50 {pct(hashing, 0.5):.3f} ms -> ratio "
        f"{p50 / pct(hashing, 0.5):.1f}x"
    )

    # A long text is a journal entry: it is crisis-screened. The reply check never sees one,
    # because replies and chat messages are capped far below it (circles Reply.body 4,000,
    # room messages 2,000 characters).
    longs = [long_entry(seed) for seed in range(12)]
    assess_crisis(longs[0][:-1])  # same warm state as a running server
    long_ms = per_text_ms(assess_crisis, longs)
    long_base = per_text_ms(baseline, longs)
    long_worst = long_ms[-1]
    print(
        f"{LONG_CHARS}-char entries, crisis screen (n={len(longs)}):"
        f" median {pct(long_ms, 0.5):.1f} ms,"
        f" worst {long_worst:.1f} ms; baseline lower()+regex {pct(long_base, 0.5):.2f} ms"
    )

    batch = text_mix(BATCH_N, seed=3)
    start = time.perf_counter()
    assess_crisis_many(batch)
    assess_reply_many(batch)
    batch_s = time.perf_counter() - start
    start = time.perf_counter()
    raw_counts(batch)
    hash_s = time.perf_counter() - start
    print(
        f"batched {BATCH_N} texts (crisis + reply): {batch_s:.2f} s "
        f"({batch_s / BATCH_N * 1000:.3f} ms/text); hashing alone {hash_s:.2f} s "
        f"-> ratio {batch_s / hash_s:.1f}x"
    )
    ok = p50 < P50_MS and p99 < P99_MS and batch_s < BATCH_S and long_worst < LONG_MS
    print(
        f"TARGETS: p50 < {P50_MS} ms, p99 < {P99_MS} ms (<= {MAX_CHARS} chars), {LONG_CHARS}"
        f" chars < {LONG_MS} ms, {BATCH_N} batched < {BATCH_S} s -> {'MET' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
