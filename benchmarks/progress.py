"""A line per step of a long benchmark on stderr, with the seconds since the benchmark began, so that a run of
minutes shows where it is (stdout keeps the figures alone)."""

from __future__ import annotations

import sys
import time

_began = time.perf_counter()


def begin() -> None:
    """Count the seconds of later steps from now (a benchmark's `main` calls it first)."""
    global _began
    _began = time.perf_counter()


def step(message: str) -> None:
    print(f"[{time.perf_counter() - _began:6.1f} s] {message}", file=sys.stderr, flush=True)
