"""The stress test: the battery of degenerate talkers against either judge kind (see README.md)."""

from trtutor.tasks.stress_test.stress_test import stress_test

__all__ = ["stress_test"]
