"""Inspect tasks: `socratic` (next tutor turn on MathDial)."""
