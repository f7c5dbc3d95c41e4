"""Inspect scorers for a tutor turn: `socratic`, `answer_leakage` and `correctness`, each a reading of an MRBench
dimension's verdict by an LLM (the `grader` model role, one call per turn for all three) or offline."""

from trtutor.scorers.answer_leakage import answer_leakage
from trtutor.scorers.correctness import correctness
from trtutor.scorers.judges import JUDGE_KINDS, JudgeKind
from trtutor.scorers.socratic import socratic

__all__ = ["JUDGE_KINDS", "JudgeKind", "answer_leakage", "correctness", "socratic"]
