"""`make bench` (python -m tests.bench): run every benchmark module in this folder
(`bench_*.py`, each with a `main()` that prints its figures and ratios and returns a truthy value
on failure), the directory search first. One failing benchmark does not stop the others, but
makes the run fail."""

import importlib
import os
import pkgutil
import sys
import time
import traceback
from pathlib import Path

FIRST = ["bench_directory"]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings_test")
    import django

    django.setup()
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    names = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
    failed = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        try:
            if importlib.import_module(f"tests.bench.{name}").main():
                failed.append(name)
        except Exception:
            traceback.print_exc()
            failed.append(name)
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
