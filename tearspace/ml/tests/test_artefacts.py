from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tearspace.ml.features import ARTEFACTS

NPZ = sorted(ARTEFACTS.glob("*.npz"))


def test_there_are_artefacts_and_they_are_small() -> None:
    names = {p.stem for p in NPZ}
    assert {"features", "crisis", "reply", "davidson", "emotions", "profanity"} <= names
    total = sum(p.stat().st_size for p in ARTEFACTS.iterdir())
    assert total < 8 * 1024 * 1024


@pytest.mark.parametrize("path", NPZ, ids=lambda p: p.name)
def test_npz_loads_without_pickle(path: Path) -> None:
    with np.load(path, allow_pickle=False) as data:
        for key in data.files:
            assert data[key].dtype != object


@pytest.mark.parametrize("path", NPZ, ids=lambda p: p.name)
def test_each_artefact_has_json_config_and_model_card(path: Path) -> None:
    stem = path.stem
    json.loads((ARTEFACTS / f"{stem}.json").read_text())
    card = (ARTEFACTS / f"{stem}.md").read_text()
    assert "2026-11-24" in card
