"""Data loading: MathDial conversations, turn-level samples, and the fixed judge-train split."""
