"""tasks/interactive.py with both sides scripted by mockllm: a student who gets there at turn 3 without being told,
a tutor who tells at turn 2, and a student role left unbound."""

from __future__ import annotations

import contextvars
import math

import pandas as pd
import pytest
from inspect_ai import eval
from inspect_ai.log import resolve_sample_attachments
from inspect_ai.model import get_model

from tests.helpers import mock_output
from trtutor.tasks.interactive import NO_STUDENT_MESSAGE, interactive
from trtutor.tutoring_dialogue import DIALOGUE_STORE_KEY, TutoringDialogue, opening_turns, states_answer


@pytest.fixture(scope="module")
def conversation(dev_conversations):
    """A conversation whose answer (4, for Billy's candy) is not one of the problem's own numbers."""
    return next(c for c in dev_conversations if c.final_answer == 4 and "Billy is buying some candy" in c.question)


def run_dialogue(conversation, tutor: list[str], student: list[str], max_turns: int = 7, name: str = "model"):
    talker = get_model(f"mockllm/{name}", custom_outputs=[mock_output(text) for text in tutor], memoize=False)
    simulated = get_model("mockllm/model", custom_outputs=[mock_output(text) for text in student], memoize=False)
    [log] = eval(interactive, model=talker, model_roles={"student": simulated}, sample_id=conversation.conversation_id,
                 task_args={"judge": "offline", "qids": conversation.qid, "include_judge_train": True,
                            "max_turns": max_turns}, display="none")  # fmt: skip
    assert log.status == "success", log.error
    metrics = {score.name: {k: m.value for k, m in score.metrics.items()} for score in log.results.scores}
    [sample] = log.samples
    return metrics, sample, log.location


def test_student_succeeds_at_turn_3_without_being_told(conversation):
    hints = ["How much did he spend on gumballs?", "What was his change after the candy?", "So how many pounds?"]
    replies = ["I think he had $5 left.", "Hmm, I'm not sure, maybe I mixed up the steps.", "Oh! He bought 4 pounds."]
    metrics, sample, _ = run_dialogue(conversation, hints, replies)
    assert [metrics[f"success@{k}"]["mean"] for k in range(1, 8)] == [0, 0, 1, 1, 1, 1, 1]
    assert [metrics[f"telling@{k}"]["mean"] for k in range(1, 8)] == [0] * 7
    assert metrics["turns_to_success"]["mean"] == 3
    dialogue = TutoringDialogue.from_store(sample.store[DIALOGUE_STORE_KEY])
    assert [turn.tutor for turn in dialogue.turns] == hints and dialogue.turns[-1].student == replies[-1]
    assert dialogue.opening == [{"speaker": t.speaker, "text": t.text} for t in opening_turns(conversation)]
    # the whole dialogue is in the log, as a chat: tutor turns as the assistant's, the student's as the user's
    assert [m.text for m in sample.messages[1:]] == [text for pair in zip(hints, replies, strict=True) for text in pair]
    # the talker saw the conversation so far in every prompt: its third prompt holds the student's second reply
    events = resolve_sample_attachments(sample).events
    third_prompt = [event for event in events if event.event == "model" and event.role is None][2]
    assert replies[1] in third_prompt.input[-1].text
    assert sample.scores["answer_leakage"].metadata["turn_labels"] == ["no", "no", "no"]


def test_tutor_who_tells_at_turn_2_is_counted(conversation):
    tutor = ["Let's check the gumballs first.", "The answer is 4 pounds of candy.", "unused"]
    student = ["Is it $2 on gumballs?", "Oh, so 4 pounds.", "unused"]
    metrics, sample, _ = run_dialogue(conversation, tutor, student, max_turns=3)
    assert [metrics[f"telling@{k}"]["mean"] for k in (1, 2, 3)] == [0, 1, 1]
    assert [metrics[f"success@{k}"]["mean"] for k in (1, 2, 3)] == [0, 1, 1]
    assert "success@4" not in metrics
    leakage = sample.scores["answer_leakage"]
    assert leakage.metadata["turn_labels"][1] != "no" and leakage.value == 0.5
    assert len(TutoringDialogue.from_store(sample.store[DIALOGUE_STORE_KEY]).turns) == 2


def test_no_success_leaves_turns_to_success_unscored(conversation):
    metrics, sample, _ = run_dialogue(conversation, ["Why?", "And then?"], ["No idea.", "It is 3."], max_turns=2)
    assert metrics["success@2"]["mean"] == 0 and math.isnan(sample.scores["turns_to_success"].value)
    assert sample.scores["turns_to_success"].answer == "no"


def test_unbound_student_role_stops_the_task(conversation):
    talker = get_model("mockllm/model", custom_outputs=[mock_output("Hi")], memoize=False)
    with pytest.raises(ValueError, match="needs a model playing the student"):
        contextvars.copy_context().run(eval, interactive, model=talker, task_args={"judge": "offline"}, limit=1,
                                       display="none")  # fmt: skip
    assert "--model-role student=" in NO_STUDENT_MESSAGE


def test_answer_matching():
    assert states_answer("so he bought 1,200 pounds", 1200) and states_answer("thirty dollars", 30)
    assert not states_answer("he bought 12 pounds", 1200)
    assert not states_answer("the problem says 40 gumballs", 40, not_counting=frozenset({40}))


def test_leaderboard_plots_both_curves_per_talker(conversation, tmp_path, capsys):
    from trtutor.cli import main

    patient = run_dialogue(conversation, ["Why?", "How much change?", "So?"], ["Hmm.", "Maybe $3?", "4 pounds!"],
                           max_turns=3, name="patient")[2]  # fmt: skip
    teller = run_dialogue(conversation, ["It is 4 pounds.", "x"], ["4 pounds.", "x"], max_turns=3, name="teller")[2]
    assert main(["leaderboard", patient, teller, "--out", str(tmp_path / "board")]) == 0
    curves = pd.read_csv(tmp_path / "board" / "interactive.csv").set_index(["talker", "k"])
    assert curves.loc[("mockllm/patient", 2), "success"] == 0 and curves.loc[("mockllm/patient", 3), "success"] == 1
    assert curves.loc[("mockllm/teller", 1), "success"] == 1 and curves.loc[("mockllm/teller", 1), "telling"] == 1
    assert curves.xs("mockllm/patient")["telling"].tolist() == [0, 0, 0]
    assert (tmp_path / "board" / "interactive_curves.png").stat().st_size > 10_000
    assert "Telling@3" in (tmp_path / "board" / "interactive.md").read_text()
    # a different max_turns is a different experiment
    other = run_dialogue(conversation, ["It is 4.", "x"], ["4.", "x"], max_turns=2, name="other")[2]
    assert main(["leaderboard", patient, other, "--out", str(tmp_path / "mixed")]) == 2
    assert "differ in max_turns" in capsys.readouterr().err
