"""Which MathDial problems train the offline judges: a fixed rule on the problem id (`qid`).

A trained judge must never score what it was trained on, so `tasks/socratic.py` leaves these problems out of its
default samples. The rule hashes the qid, so it is the same on every machine and for every MathDial file (dev CSV,
full hub dataset), and all conversations of one problem fall on the same side.
"""

from __future__ import annotations

import hashlib

JUDGE_SPLIT_SALT = "trtutor-judge-split-v1"
JUDGE_TRAIN_PERCENT = 50


def is_judge_train_problem(qid: str) -> bool:
    """True when problem `qid` is one the offline judges learn from."""
    digest = hashlib.sha256(f"{JUDGE_SPLIT_SALT}:{qid.strip()}".encode()).hexdigest()
    return int(digest, 16) % 100 < JUDGE_TRAIN_PERCENT


JUDGE_SPLIT_DESCRIPTION = (
    f"qid in judge-train set iff int(sha256('{JUDGE_SPLIT_SALT}:' + qid), 16) % 100 < {JUDGE_TRAIN_PERCENT}"
)
