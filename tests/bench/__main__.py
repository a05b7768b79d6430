"""Run every benchmark module in this folder (`bench_*.py`, each with a `main()`), the
directory search first. Each prints its figures and ratios."""

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

FIRST = ["bench_directory"]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings_test")
    import django

    django.setup()
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    names = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
    failed = 0
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"tests.bench.{name}")
        failed += bool(module.main())
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
