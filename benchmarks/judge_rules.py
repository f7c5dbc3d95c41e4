"""How many real tutors' turns each per-turn rule of the offline judges touches, and how many of those the
annotators credit (issue 25: a rule that zeroes turns annotators credit has to go or narrow).

The exact checks (issue 25, item 1) are counted the same way, each against the human label of the dimension it
decides: the number check (the answer stated, in any form) against Revealing_of_the_Answer; a turn that only tells
the answer against Providing_Guidance; wrong arithmetic, a misstated quantity of the problem and an endorsed wrong
answer against Mistake_Identification (`correctness` is 0 for them).

The per-turn rules are the degenerate-turn check's kinds (`scorers/offline/degenerate.py`). A turn that is not a
tutor turn (`NOT_A_TURN_KINDS`) gets `socratic` 0 and `correctness` 0 whatever the learnt models say; the moment
findings (`MOMENT_KINDS`: a copy, nothing of this moment) are features of the learnt models and zero nothing. Read
against:

- MRBench dev (the bundled V2, V1 and BEA 2025 dev files, each labelled response once), by tutor: of the touched
  turns, how many the annotators credit with guidance (Providing_Guidance Yes or To some extent) and with
  identifying the mistake (Mistake_Identification Yes or To some extent);
- MathDial (the bundled development conversations), every teacher turn after the opening: of the touched turns,
  how many the teacher's own move label calls guiding (focus or probing), the label `socratic` is validated on.

    python -m benchmarks.judge_rules                      # prints the table
    python -m benchmarks.judge_rules --out results/judge-rules.md
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from trtutor.scorers.offline.degenerate import DEGENERACY_KINDS, NOT_A_TURN_KINDS, find_degeneracy, find_unmoored


@dataclass
class RuleTouches:
    """For one group of real turns: how many there are, and per rule how many it touches and of those credited."""

    turns: int = 0
    touched: Counter[str] = field(default_factory=Counter)
    credited: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # credit -> rule -> n

    def add(self, kind: str | None, credits: dict[str, bool]) -> None:
        self.turns += 1
        if kind is None:
            return
        self.touched[kind] += 1
        for credit, given in credits.items():
            self.credited[credit][kind] += given


def mrbench_touches() -> dict[str, RuleTouches]:
    """Per MRBench tutor (and "all"), over every labelled dev response."""
    from trtutor.data.mrbench import human_guided, human_identified_mistake, moment_metadata
    from trtutor.scorers.offline.rubric_judges import labelled_rows

    by_tutor: dict[str, RuleTouches] = defaultdict(RuleTouches)
    for conversation, tutor, response, labels in labelled_rows():
        moment = moment_metadata(conversation)
        degeneracy = find_degeneracy(response, moment) or find_unmoored(response, moment)
        credits = {}
        if "Providing_Guidance" in labels:
            credits["guidance"] = human_guided(labels)
        if "Mistake_Identification" in labels:
            credits["mistake identified"] = human_identified_mistake(labels)
        for group in (tutor, "all"):
            by_tutor[group].add(None if degeneracy is None else degeneracy.kind, credits)
    return dict(by_tutor)


def mathdial_touches() -> RuleTouches:
    """Over every MathDial development teacher turn after the opening one."""
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.turn_samples import turn_contexts, turn_sample

    touches = RuleTouches()
    for context in turn_contexts(load_conversations()[0]):
        sample = turn_sample(context)
        turn = context.reference.text
        degeneracy = find_degeneracy(turn, sample.metadata) or find_unmoored(turn, sample.metadata)
        touches.add(None if degeneracy is None else degeneracy.kind, {"guiding move": context.reference.move
                                                                      in ("focus", "probing")})  # fmt: skip
    return touches


# exact check -> (what it decides, the human label it is read against on MRBench)
EXACT_CHECKS: dict[str, tuple[str, str]] = {
    "states the answer (number check)": ("answer_leakage 1, Revealing Yes", "revealing"),
    "only tells the answer": ("socratic 0, guidance and actionability No", "guidance"),
    "wrong arithmetic (symbols or words)": ("correctness 0", "mistake identified"),
    "misstates a quantity or a relation of the problem": ("correctness 0", "mistake identified"),
    "false fact of numbers or units (a law, a number's property, a unit or a fixed count)": (
        "correctness 0",
        "mistake identified",
    ),
    "a false bound on the answer": ("correctness 0", "mistake identified"),
    "a false last step (its operation does not give the answer)": ("correctness 0", "mistake identified"),
    "endorses the student's wrong answer": ("correctness 0, Mistake_Identification No", "mistake identified"),
    "gives the correct answer after a wrong one": ("Mistake_Identification Yes", "mistake identified"),
    "confirms the student's right final answer": ("Mistake_Identification Yes", "mistake identified"),
}


def exact_checks_found(response: str, moment: dict) -> list[str]:
    """The exact checks that find something in `response` at `moment`: the offline rubric judge's own exact verdicts
    (`rubric.exact_verdict`) and `correctness`'s checks of arithmetic and quantities."""
    from inspect_ai.model import ModelOutput
    from inspect_ai.solver import TaskState

    from trtutor.scorers.offline.answer_bounds import false_bounds, false_properties
    from trtutor.scorers.offline.arithmetic import arithmetic_claims, false_number_facts
    from trtutor.scorers.offline.blamed_steps import blamed_right_steps
    from trtutor.scorers.offline.false_statements import (
        denied_givens,
        false_quantities,
        misstated_comparisons,
        reversed_relations,
    )
    from trtutor.scorers.offline.last_step import false_last_steps, misadvised_steps, needless_key_steps
    from trtutor.scorers.offline.number_laws import false_laws
    from trtutor.scorers.offline.problem_quotes import misquoted_problem
    from trtutor.scorers.offline.unit_facts import false_unit_facts
    from trtutor.scorers.rubric import exact_verdict

    state = TaskState(model="real", sample_id="real", epoch=1, input="", messages=[], metadata=moment,
                      output=ModelOutput.from_content("real", response))  # fmt: skip
    details = {key for dimension in ("revealing_of_the_answer", "providing_guidance", "mistake_identification")
               if (verdict := exact_verdict(state, dimension)) is not None for key in verdict.details}  # fmt: skip
    found = []
    if "number_check" in details:
        found.append("states the answer (number check)")
    if "tells_only_the_answer" in details:
        found.append("only tells the answer")
    claims = arithmetic_claims(response, moment["student_utterances"])
    if any(not claim.correct and not claim.quoted for claim in claims):
        found.append("wrong arithmetic (symbols or words)")
    problem = moment["problem"]
    if (false_quantities(response, moment) or reversed_relations(response, problem)
            or misstated_comparisons(response, problem) or denied_givens(response, problem)
            or misquoted_problem(response, problem)):  # fmt: skip
        found.append("misstates a quantity or a relation of the problem")
    if false_laws(response) or false_number_facts(response) or false_unit_facts(response, moment["problem"]):
        found.append("false fact of numbers or units (a law, a number's property, a unit or a fixed count)")
    if false_bounds(response, str(moment.get("final_answer") or "")):
        found.append("a false bound on the answer")
    if false_properties(response, str(moment.get("final_answer") or ""), moment["problem"]):
        found.append("a false property of the answer (odd or even, a multiple, round, a square)")
    if false_last_steps(response, str(moment.get("final_answer") or "")):
        found.append("a false last step (its operation does not give the answer)")
    if blamed_right_steps(response, str(moment.get("ground_truth") or ""), problem):
        found.append("a right step of the worked solution called the mistake")
    if misadvised_steps(response, str(moment.get("ground_truth") or "")):
        found.append("a step advised by another operation than the worked solution's on its two numbers")
    if needless_key_steps(response, str(moment.get("ground_truth") or "")):
        found.append("a step said to be needed that no path to the solution's results takes")
    if "endorses_wrong_answer" in details:
        found.append("endorses the student's wrong answer")
    if "corrects_with_the_answer" in details:
        found.append("gives the correct answer after a wrong one")
    if "confirms_right_answer" in details:
        found.append("confirms the student's right final answer")
    return found


def exact_check_table() -> str:
    """Per exact check: the MRBench dev turns it touches (by the label it is read against: how many annotators
    give that label), and MathDial's default-sample teacher turns it touches."""
    from trtutor.data.mrbench import human_guided, human_identified_mistake, human_leaked, moment_metadata
    from trtutor.scorers.offline.rubric_judges import labelled_rows
    from trtutor.tasks.socratic import socratic

    human = {"revealing": ("Revealing_of_the_Answer", human_leaked),
             "guidance": ("Providing_Guidance", human_guided),
             "mistake identified": ("Mistake_Identification", human_identified_mistake)}  # fmt: skip
    touched: Counter[str] = Counter()
    agreed: Counter[str] = Counter()
    mrbench_turns = 0
    for conversation, _, response, labels in labelled_rows():
        mrbench_turns += 1
        for check in exact_checks_found(response, moment_metadata(conversation)):
            dimension, said = human[EXACT_CHECKS[check][1]]
            if dimension in labels:
                touched[check] += 1
                agreed[check] += said(labels)
    samples = list(socratic(judge="offline").dataset)
    mathdial: Counter[str] = Counter()
    for sample in samples:
        mathdial.update(exact_checks_found(str(sample.target), dict(sample.metadata or {})))
    header = ["exact check", "decides", f"MRBench dev turns touched (of {mrbench_turns} labelled)",
              "of them, annotators say", f"MathDial default-sample teacher turns (of {len(samples)})"]  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for check, (decides, label) in EXACT_CHECKS.items():
        dimension, _ = human[label]
        positive = {"revealing": "revealed", "guidance": "guidance given", "mistake identified": "mistake identified"}
        lines.append(f"| {check} | {decides} | {touched[check]} | {positive[label]}: {agreed[check]} of "
                     f"{touched[check]} ({dimension}) | {mathdial[check]} |")  # fmt: skip
    return "\n".join(lines)


def table(rows: dict[str, RuleTouches], credits: tuple[str, ...]) -> str:
    """One line per group and rule it touches: touched turns and, of them, how many each credit gives."""
    header = ["group", "turns", "rule", "zeroes the turn", "touched",
              *[f"of them credited: {credit}" for credit in credits]]  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for group, touches in rows.items():
        kinds = [kind for kind in DEGENERACY_KINDS if touches.touched[kind]] or ["(none)"]
        for kind in kinds:
            n = touches.touched[kind]
            zeroes = "yes" if kind in NOT_A_TURN_KINDS else "no (a feature)" if n else ""
            cells = [group, str(touches.turns), kind, zeroes, f"{n} ({n / touches.turns:.1%})"]
            cells += [f"{touches.credited[credit][kind]} of {n}" if n else "" for credit in credits]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report() -> str:
    mrbench = mrbench_touches()
    ordered = {tutor: mrbench[tutor] for tutor in sorted(mrbench, key=lambda t: (t == "all", t))}
    return "\n\n".join(
        [
            "# What each per-turn rule of the offline judges touches",
            "Made by `python -m benchmarks.judge_rules --out results/judge-rules.md`. A turn is counted under the "
            "first rule that finds it; rules that zero a turn come first. A rule that zeroes turns annotators "
            "credit has no place (issue 25): the moment rules (copies, ungrounded) became features of the learnt "
            "judges for that reason. MathDial's empty teacher turns are rows whose text is missing in the data.",
            "## MRBench dev (V2, V1, BEA 2025 dev; each labelled response once), by tutor",
            table(ordered, ("guidance", "mistake identified")),
            "## MathDial development teacher turns (after the opening)",
            table({"MathDial teachers": mathdial_touches()}, ("guiding move",)),
            "## The exact checks",
            "Each decides one dimension by construction; it is counted against the human label of that dimension. "
            "For the number check and for a correct answer given after a wrong one, agreement is the annotators saying "
            "what the check says (revealed; mistake identified); for the others, a turn they credit is one the check "
            "wrongs.",
            exact_check_table(),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also write the report (markdown) here")
    args = parser.parse_args()
    text = report()
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
