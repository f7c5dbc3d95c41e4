"""Benchmarks of the harness: each prints its figures and says how to reproduce them (see results/perf.md)."""
