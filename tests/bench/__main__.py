"""`make bench`: run every tests/bench/bench_*.py module's main(), one after another.

Benchmarks print figures and ratios; they are not tests and assert nothing.
"""

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    wanted = set(argv)
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    for name in names:
        if wanted and name not in wanted:
            continue
        module = importlib.import_module(f"tests.bench.{name}")
        print(f"=== {name} ===", flush=True)
        started = time.perf_counter()
        module.main()
        print(f"=== {name} done in {time.perf_counter() - started:.1f} s ===\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
