"""`make bench` (python -m tests.bench): run every bench_*.py module here and print its figures.

Each module has a main() that prints what it measured; one failing benchmark does not stop the
others, but makes the run fail.
"""

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path


def main() -> int:
    failed = []
    here = Path(__file__).parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(here)])):
        if not module.startswith("bench_"):
            continue
        print(f"== {module}")
        try:
            importlib.import_module(f"tests.bench.{module}").main()
        except Exception:
            traceback.print_exc()
            failed.append(module)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
