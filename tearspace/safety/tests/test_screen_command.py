import io
import json
import sys
from typing import Any

import pytest
from django.core.management import call_command

from tearspace.safety.tests.conftest import FakeModels


def run(monkeypatch: pytest.MonkeyPatch, data: bytes) -> list[dict[str, Any]]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    out = io.StringIO()
    call_command("screen", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_writes_one_result_per_line_with_the_ml_field_names(
    monkeypatch: pytest.MonkeyPatch, models: FakeModels
) -> None:
    models.level = "concern"
    [result] = run(monkeypatch, b'{"text": "I cried at the film"}\n')
    assert result["line"] == 1
    assert result["crisis"] == {
        "level": "concern",
        "show_help": True,
        "reasons": [],
        "score": 0.1,
        "why": [],
        "language": "",
    }
    assert result["reply"] == {"verdict": "ok", "reasons": ["test"], "scores": {"unkind": 0.2}}
    assert result["emotions"] == [["sadness", 0.8], ["grief", 0.4]]


def test_it_reports_bad_lines_and_keeps_going(
    monkeypatch: pytest.MonkeyPatch, models: FakeModels
) -> None:
    huge = b'{"text": "' + b"a" * 1_000_000 + b'"}\n'
    data = (
        b"\n"
        + b'{"text": "caf\xff"}\n'
        + huge
        + b"not json\n"
        + b'{"words": "x"}\n'
        + b'{"text": "last one"}'  # no trailing newline
    )
    results = run(monkeypatch, data)
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 6]
    assert results[0]["error"] == "empty line"
    assert "not valid UTF-8" in str(results[1]["error"])
    assert "line too long (1000013 bytes" in str(results[2]["error"])
    assert "not valid JSON" in str(results[3]["error"])
    assert '"text" string' in str(results[4]["error"])
    assert "error" not in results[5]
    assert results[5]["crisis"]["level"] == "none"


def test_it_reports_a_model_failure_per_line(
    monkeypatch: pytest.MonkeyPatch, models: FakeModels
) -> None:
    models.fail = True
    results = run(monkeypatch, b'{"text": "a"}\n{"text": "b"}\n')
    assert [r["error"] for r in results] == ["screening failed (RuntimeError)"] * 2
