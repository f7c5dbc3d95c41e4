"""MathTutorBench (Macina et al., EMNLP 2025) inside Inspect: its nine tasks with its data, items, order, prompts,
few-shot examples, stop sequences, parsing and metrics, so that numbers match its published leaderboard.

`benchmark.py` holds what the nine tasks share (configs, data, prompts, parsing, metrics); `tasks/mathtutorbench/`
holds the Inspect tasks. The configs and data are bundled (`configs/`, `data/`; licences in `data/LICENSES.md`).
"""
