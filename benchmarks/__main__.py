"""`make bench`: run every benchmark in turn and print its figures.

Each module has a `main()`; add new ones to BENCHMARKS. Copy the figures into
docs/benchmarks.md with the machine and date.
"""

from __future__ import annotations

import importlib

BENCHMARKS = ["benchmarks.answer_speed", "benchmarks.briefing_fanout", "benchmarks.drafting_gold"]


def main() -> None:
    for name in BENCHMARKS:
        print(f"\n=== {name}")
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
