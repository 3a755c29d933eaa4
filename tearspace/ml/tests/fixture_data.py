from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read_jsonl(name: str) -> list[dict[str, Any]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_replies() -> list[tuple[str, str, str]]:
    rows = []
    for line in (FIXTURES / "replies.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            verdict, split, text = line.split("\t", 2)
            rows.append((text, verdict, split))
    return rows
