"""A jury of LLM judges: every model bound to the `grader` role gives its verdict, and the verdicts are combined.

Bind a jury the Inspect way, a list for the role: `--model-role grader=openai/gpt-4o,openai/gpt-4o-mini,...`
(Python: `eval(..., model_roles={"grader": [...]})`). Each grader makes the judge's own structured call (one per turn,
in Inspect's cache per grader: its key holds the model), and the jury's verdict is, per dimension:

- an ordered verdict (MRBench's labels, best first; pairwise's win, tie, loss): the majority label, the one more
  than half the graders give. Without a majority, the median of the ordered labels (Yes, To some extent, No: To some
  extent); a jury split evenly between two labels takes the one less favourable to the tutor (No rather than Yes,
  revealed rather than not, loss rather than tie). The median, because our scorers read labels leniently (Yes or To
  some extent is credit) and the median's lenient reading is the majority of the graders' lenient readings: a jury's
  score is its graders' majority score. The less favourable on an even split, because a table should not credit a
  turn that half its jury faults.
- the teacher move (four unordered moves): the move the most graders name; a tie goes to a tied move of the kind
  (guiding or not) of the jury's own Providing_Guidance verdict, then to the grader listed first in the binding.
- a grader whose reply gives no verdict (unparseable, refused) is left out and the others decide; the score's
  metadata counts it (`grader_errors`). With no verdict from any grader the score is unscored.

Every grader's label is in the score's metadata (`grader_verdicts`: grader -> label, None for none). The metric
`grader_agreement` is Fleiss' kappa of those labels over the turns every grader labelled, beside its counts
(`grader_agreement_turns`, `grader_agreement_unanimous`, `grader_agreement_incomplete`). With one grader there is no
jury and no such metric: a single grader's log is as it was.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from inspect_ai.model import Model, get_model, model_roles
from inspect_ai.scorer import Metric, SampleScore, metric

from trtutor.scorers.agreement_statistics import fleiss_kappa
from trtutor.scorers.llm_judge import GRADER_ROLE

GRADER_VERDICTS = "grader_verdicts"  # score metadata: grader -> its label (None: no verdict)


def bound_graders() -> list[Model]:
    """The models bound to the `grader` role, in the binding's order: one, or a jury's several."""
    bound = model_roles().get(GRADER_ROLE)
    if isinstance(bound, list):
        return bound
    return [get_model(role=GRADER_ROLE, required=True)]


def grader_names(graders: Sequence[Model | str]) -> list[str]:
    """Each grader's name (`openai/gpt-4o`); a model bound twice is told apart by its place (`openai/gpt-4o#2`)."""
    names: list[str] = []
    for grader in graders:
        name = str(grader)
        names.append(name if name not in names else f"{name}#{sum(n.split('#')[0] == name for n in names) + 1}")
    return names


def jury_name(names: Sequence[str]) -> str:
    return "jury: " + ", ".join(names)


def ordinal_verdict(votes: Sequence[str], labels: Sequence[str], *, unfavourable_first: bool = False) -> str:
    """The jury's label from its graders' `votes` on labels ordered best first: the median, which is the majority
    label where there is one; an even split takes the less favourable middle label (the later one, or with
    `unfavourable_first`, where the first labels are the worse ones, the earlier)."""
    if not votes:
        raise ValueError("a jury verdict needs at least one vote")
    ranks = sorted(labels.index(vote) for vote in votes)
    middle = len(ranks) // 2
    if len(ranks) % 2:
        return labels[ranks[middle]]
    better, worse = ranks[middle - 1], ranks[middle]
    return labels[better if unfavourable_first else worse]


def plurality_verdict(votes: Sequence[str], prefer: Callable[[str], bool] | None = None) -> str:
    """The label most `votes` give; a tie goes to a tied label that `prefer` accepts, then to the earliest vote."""
    if not votes:
        raise ValueError("a jury verdict needs at least one vote")
    counts = Counter(votes)
    top = max(counts.values())
    tied = [vote for vote in dict.fromkeys(votes) if counts[vote] == top]
    preferred = [vote for vote in tied if prefer(vote)] if prefer else []
    return (preferred or tied)[0]


def how_decided(votes: Sequence[str], label: str, graders: int) -> str:
    """How the jury came to `label`, in words (for the score's explanation)."""
    count = sum(vote == label for vote in votes)
    of = f"{count} of {graders} graders"
    if count == graders:
        return f"unanimous {label} ({of})"
    if count * 2 > len(votes):
        return f"majority {label} ({of})"
    return f"{label} by the tie rule ({of}; no label has a majority)"


def agreement_of(ballots: Iterable[Mapping[str, Any] | None], prefix: str = "") -> dict[str, float | None]:
    """`grader_agreement` and its counts, from each scored turn's ballot (grader -> label or None); only None values
    (which Inspect leaves out of the log) where no turn had a jury.

    - `grader_agreement`: Fleiss' kappa over the turns every grader labelled (NaN where undefined: none, or every
      label the same);
    - `grader_agreement_turns`: those turns; `grader_agreement_unanimous`: the share of them with one label;
    - `grader_agreement_incomplete`: scored turns some grader gave no verdict on (left out of the kappa).
    """
    juries = [  # a turn no grader gave a verdict on is unscored: a scoring error, not an incomplete jury
        ballot for ballot in ballots
        if isinstance(ballot, Mapping) and len(ballot) > 1 and any(label is not None for label in ballot.values())
    ]  # fmt: skip
    if not juries:
        return {f"{prefix}grader_agreement": None}
    complete = [list(ballot.values()) for ballot in juries if all(label is not None for label in ballot.values())]
    categories = sorted({str(label) for labels in complete for label in labels})
    counts = np.array([[labels.count(category) for category in categories] for labels in complete])
    unanimous = sum(len(set(labels)) == 1 for labels in complete)
    return {
        f"{prefix}grader_agreement": fleiss_kappa(counts) if complete else math.nan,
        f"{prefix}grader_agreement_turns": float(len(complete)),
        f"{prefix}grader_agreement_unanimous": unanimous / len(complete) if complete else math.nan,
        f"{prefix}grader_agreement_incomplete": float(len(juries) - len(complete)),
    }


def _ballot(metadata: Mapping[str, Any] | None, within: str | None) -> Any:
    metadata = metadata or {}
    if within is not None:
        metadata = metadata.get(within) or {}
    return metadata.get(GRADER_VERDICTS) if isinstance(metadata, Mapping) else None


@metric
def grader_agreement(within: str | None = None) -> Metric:
    """How far a jury's graders agree: Fleiss' kappa of their labels in the scores' metadata (`grader_verdicts`, or
    `metadata[within]["grader_verdicts"]`, its names then prefixed `<within>_`), with its counts (`agreement_of`).
    Absent with a single grader or an offline judge."""

    def compute(scores: list[SampleScore]) -> dict[str, float | None]:
        prefix = f"{within}_" if within else ""
        return agreement_of((_ballot(score.score.metadata, within) for score in scores), prefix)

    return compute
