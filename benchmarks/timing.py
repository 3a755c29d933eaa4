"""What the benchmarks share: timing one call the same way everywhere.

Imported as `timing`: a benchmark runs as a script, so its own folder is first on sys.path.
"""

import statistics
import time
from collections.abc import Callable


def timed(run: Callable[[], object], repeat: int = 15) -> float:
    """Median milliseconds of `run` over `repeat` calls, after two warm-up calls."""
    run()
    run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)
