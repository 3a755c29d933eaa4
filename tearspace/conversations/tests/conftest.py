import pytest

from tearspace.safety import screening
from tearspace.safety.screening import Screening


def fake_assess(text: str) -> Screening:
    if "CRISIS" in text:
        return Screening(level="urgent", show_help=True, reasons=["test"])
    return Screening(level="none", show_help=False)


@pytest.fixture(autouse=True)
def _predictable_screening(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screening levels come from the text models; tests pin them to one marker word."""
    monkeypatch.setattr(screening, "assess", fake_assess)
