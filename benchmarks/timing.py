"""What the benchmarks share: timing one call the same way everywhere.

Imported as `timing`: a benchmark runs as a script, so its own folder is first on sys.path.
"""

import statistics
import time
from collections.abc import Callable


def samples_ms(run: Callable[[], object], repeat: int, warm_up: int = 2) -> list[float]:
    """Milliseconds of each of `repeat` calls of `run`, after `warm_up` calls not counted."""
    for _ in range(warm_up):
        run()
    taken = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        taken.append((time.perf_counter() - started) * 1000)
    return taken


def timed(run: Callable[[], object], repeat: int = 15) -> float:
    """Median milliseconds of `run` over `repeat` calls, after two warm-up calls."""
    return statistics.median(samples_ms(run, repeat))
