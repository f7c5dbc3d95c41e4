"""The labels of our three scorers' verdicts on one tutor turn, and each label's value.

`socratic`'s label is a MathDial teacher move, `answer_leakage`'s whether (and how) the answer is revealed,
`correctness`'s whether the turn treats the student's mistake; each is a reading of an MRBench dimension's verdict
(`llm_tutor_turn.py`, `offline/tutor_turn.py`).
"""

from __future__ import annotations

from typing import Literal

SocraticLabel = Literal["focus", "probing", "telling", "generic"]
LeakageLabel = Literal["no", "yes_correct", "yes_incorrect"]
CorrectnessLabel = Literal["correct", "incorrect"]

SOCRATIC_LABELS: tuple[SocraticLabel, ...] = ("focus", "probing")
LEAK_LABELS: tuple[LeakageLabel, ...] = ("yes_correct", "yes_incorrect")
# Each scorer's value of each label (one score, one meaning: the label is the score's answer).
SOCRATIC_VALUE = {
    label: 1.0 if label in SOCRATIC_LABELS else 0.0 for label in ("focus", "probing", "telling", "generic")
}
LEAKAGE_VALUE = {label: 1.0 if label in LEAK_LABELS else 0.0 for label in ("no", "yes_correct", "yes_incorrect")}
CORRECTNESS_VALUE = {"correct": 1.0, "incorrect": 0.0}
