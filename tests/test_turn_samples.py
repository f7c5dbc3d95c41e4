import json

import pytest

from trtutor.data.splits import is_judge_train_problem
from trtutor.data.turn_samples import talker_prompt, turn_contexts, turn_sample
from trtutor.prompts import fill_prompt, load_prompt, prompt_sha256
from trtutor.reasoner_context import ReasonerContext, load_reasoner_contexts


def test_one_sample_per_teacher_turn_after_the_opening(dev_conversations):
    contexts = turn_contexts(dev_conversations)
    assert len(contexts) == 2759 - 448
    ids = [context.sample_id for context in contexts]
    assert len(set(ids)) == len(ids)
    assert all(context.reference.speaker == "teacher" for context in contexts)
    assert min(context.teacher_turn for context in contexts) == 2


def test_sample_carries_context_and_reference(dev_conversations):
    context = turn_contexts(dev_conversations[:1])[0]
    sample = turn_sample(context)
    assert sample.id == f"{dev_conversations[0].conversation_id}-t2"
    assert sample.target == context.reference.text
    assert sample.metadata["reference_move"] == "focus"
    assert sample.metadata["final_answer"] == "10"
    assert sample.metadata["conversation_history"].startswith("Teacher: Hi Mariana, please talk me through")
    assert "(generic)" not in sample.input  # the human move labels never reach the talker
    assert "Mariana is a 7th grade student" in sample.input
    assert "Notes from the reasoner" not in sample.input
    # the student's solution and turns so far, for the leakage judge
    assert sample.metadata["student_utterances"][0] == dev_conversations[0].student_incorrect_solution
    assert len(sample.metadata["student_utterances"]) == 2


def test_reasoner_context_is_rendered(dev_conversations, tmp_path):
    context = turn_contexts(dev_conversations[:1])[0]
    path = tmp_path / "contexts.jsonl"
    record = {
        "sample_id": context.sample_id,
        "chain_of_thought": "12 + 3 = 15 spoons, minus the husband's 5 gives 10.",
        "belief_state": "The student subtracts the used spoons instead of adding them.",
        "final_answer": "10",
    }
    path.write_text(json.dumps(record) + "\n")
    contexts = load_reasoner_contexts(path)
    prompt = talker_prompt(context, contexts[context.sample_id])
    assert "The student subtracts the used spoons" in prompt
    assert "Final answer: 10" in prompt


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"sample_id": "a"}\n', r"line 1: chain_of_thought: Field required"),
        ("not json\n", r"line 1: not valid JSON"),
        (
            '{"sample_id": "a", "chain_of_thought": "", "belief_state": "", "final_answer": "1"}\n' * 2,
            "line 2: sample_id 'a' appears twice",
        ),
    ],
)
def test_bad_reasoner_context_names_file_and_line(tmp_path, content, message):
    path = tmp_path / "contexts.jsonl"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        load_reasoner_contexts(path)


def test_judge_split_is_fixed_and_splits_problems(dev_conversations):
    qids = {c.qid for c in dev_conversations}
    train = {qid for qid in qids if is_judge_train_problem(qid)}
    assert 0.35 < len(train) / len(qids) < 0.65
    assert is_judge_train_problem("6000025") == is_judge_train_problem(" 6000025 ")


def test_fill_prompt_checks_fields():
    with pytest.raises(KeyError, match="needs field"):
        fill_prompt("talker_reasoner_context", chain_of_thought="x", belief_state="y")
    with pytest.raises(KeyError, match="has no field"):
        fill_prompt("talker_reasoner_context", chain_of_thought="x", belief_state="y", final_answer="1", extra="z")
    # values are inserted as they are: braces and dollars in them are not fields
    text = fill_prompt(
        "talker_reasoner_context", chain_of_thought="{final_answer}", belief_state="$5", final_answer="1"
    )
    assert "{final_answer}" in text and "$5" in text


def test_prompt_hash_follows_the_file():
    import hashlib

    assert prompt_sha256("talker_prompt") == hashlib.sha256(load_prompt("talker_prompt").encode()).hexdigest()
    with pytest.raises(ValueError, match="Invalid prompt"):
        load_prompt("nope")


def test_reasoner_context_model_ignores_extra_fields():
    context = ReasonerContext.model_validate(
        {"sample_id": "a", "chain_of_thought": "c", "belief_state": "b", "final_answer": "1", "answer_correct": True}
    )
    assert context.final_answer == "1"
