"""The test suite's fixed-window budgets stay in one window for a test (root conftest)."""

import time

import pytest

from tearspace.lib.limits import RATES, over_limit_for


def test_a_budget_spent_while_the_clock_passes_a_window_end_still_runs_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    allowed = int(RATES["report"].split("/")[0])
    assert [over_limit_for(4242, "report") for _ in range(allowed)] == [False] * allowed
    real = time.time
    # An hour later every "/h" and "/m" window has ended; the test's budget has not.
    monkeypatch.setattr(time, "time", lambda: real() + 3600)
    assert over_limit_for(4242, "report")
