"""Inspect model providers of the harness (`--model trtutor/...`)."""
