"""The pedagogical reward model scorer: MathTutorBench's conversation format and aggregation (against its fixture),
batched scoring that gives what one-at-a-time scoring gives, and a whole eval with a tiny reward model."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from trtutor.mathtutorbench.benchmark import TASKS, load_items
from trtutor.scorers.pedagogical_reward import aggregate_rewards, reward_conversation

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(os.environ.get("TRTUTOR_MTB_CONFORMANCE", REPO.parent / "shared" / "mtb_conformance"))
TEACHER_TASKS = [name for name, spec in TASKS.items() if spec.kind == "teacher_response"]
needs_fixture = pytest.mark.skipif(not FIXTURE.is_dir(), reason=f"no conformance fixture at {FIXTURE}")


@needs_fixture
@pytest.mark.parametrize("name", TEACHER_TASKS)
def test_conversations_and_aggregation_are_mathtutorbench_s(name):
    from trtutor.tasks.mathtutorbench.common import reward_metadata

    reference = json.loads((FIXTURE / f"{name}.json").read_text(encoding="utf-8"))
    items = {item.id: item for item in load_items(name)}
    for expected in reference["items"]:
        metadata = reward_metadata(items[expected["id"]].example)
        record = expected["reward_model"]
        context = (metadata["reward_problem"], metadata["reward_reference_solution"], metadata["reward_dialogue"])
        assert reward_conversation(*context, record["generated_response"]) == record["conversation_generated"]
        assert reward_conversation(*context, metadata["reward_human_turn"]) == record["conversation_ground_truth"]
    example = reference["output_sets"][0]["reward_aggregation_example"]
    ids = list(example["synthetic_scores"]["chosen"])
    result = aggregate_rewards([example["synthetic_scores"]["chosen"][i] for i in ids],
                               [example["synthetic_scores"]["rejected"][i] for i in ids])  # fmt: skip
    assert list(result) == list(example["results"])
    assert all(math.isclose(result[k], example["results"][k], abs_tol=1e-9) for k in result)


def test_batched_rewards_equal_one_at_a_time(tiny_reward_model):
    """Padding a batch must not change a conversation's reward: each is compared with MathTutorBench's way, one
    conversation at a time through `apply_chat_template(tokenize=True)`."""
    import torch

    from trtutor.scorers.pedagogical_reward import RewardModel

    dialogue = [{"user": "Teacher", "text": "Tell me your solution"}, {"user": "Student", "text": "It is 12 pens."}]
    responses = ["What is a dozen?", "Okay.", "How many pens are in half a dozen and in two dozens, and what do they "
                 "make together?", "?", ""]  # fmt: skip
    conversations = [reward_conversation("Bruno buys 2.5 dozen pens.", "30", dialogue[: n % 3], response)
                     for n, response in enumerate(responses)]  # fmt: skip
    model = RewardModel(str(tiny_reward_model), batch_size=4)
    batched = model.score(conversations)
    single = []
    for conversation in conversations:
        ids = model._tokenizer.apply_chat_template(conversation, tokenize=True, return_tensors="pt", return_dict=True)
        with torch.no_grad():
            single.append(float(model._model(**ids).logits[0][0]))
    assert len(batched) == 5 and len(set(batched)) > 1
    assert all(math.isclose(b, s, abs_tol=1e-4) for b, s in zip(batched, single, strict=True)), (batched, single)


@pytest.mark.slow
def test_scaffolding_generation_with_a_tiny_reward_model_batches_and_counts_ties(tiny_reward_model, tmp_path,
                                                                                 monkeypatch):  # fmt: skip
    from inspect_ai import eval

    from trtutor.scorers import pedagogical_reward as module
    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task, reward_metadata

    batches: list[int] = []
    score = module.RewardModel.score
    monkeypatch.setattr(module.RewardModel, "score", lambda self, c: batches.append(len(c)) or score(self, c))
    items = load_items("scaffolding_generation")[:8]
    # half the talker's turns are the human teacher's own words: a tie, never a win
    outputs = {item.id: reward_metadata(item.example)["reward_human_turn"] if n % 2 else "What did you do first?"
               for n, item in enumerate(items)}  # fmt: skip
    replay = tmp_path / "outputs.json"
    replay.write_text(json.dumps(outputs))
    [log] = eval(mathtutorbench_task("scaffolding_generation", None, "completion", str(tiny_reward_model), 4),
                 model="trtutor/replay", model_args={"outputs": str(replay)}, limit=8, display="none",
                 log_dir=str(tmp_path / "logs"))  # fmt: skip
    assert log.status == "success", log.error
    metrics = {s.name: {k: v.value for k, v in s.metrics.items()} for s in log.results.scores}
    reward = metrics["pedagogical_reward"]
    assert reward["tie_rate"] == 0.5 and reward["win_rate"] + reward["loss_rate"] == 0.5
    assert reward["win_rate_ci_low"] <= reward["win_rate"] <= reward["win_rate_ci_high"]
    scores = [sample.scores["pedagogical_reward"] for sample in log.samples]
    chosen = [s.metadata["reward_talker"] for s in scores]
    rejected = [s.metadata["reward_human_teacher"] for s in scores]
    assert math.isclose(reward["mean_margin"], aggregate_rewards(chosen, rejected)["mean_margin"], abs_tol=1e-12)
    assert {s.answer for s, c, r in zip(scores, chosen, rejected, strict=True) if c == r} == {"tie"}
    assert sum(batches) == 16 and max(batches) > 1  # 8 talker + 8 human turns, not one forward pass each
    assert "match" in metrics["mathtutorbench_scorer"]


def test_the_reward_model_is_refused_where_there_is_no_teacher_turn():
    from trtutor.errors import UsageError
    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task

    with pytest.raises(UsageError, match="teacher-response tasks"):
        mathtutorbench_task("problem_solving", None, "completion", "some/reward-model")
    assert mathtutorbench_task("scaffolding_generation", None, "completion", "none").metadata["reward_model"] is None


@pytest.mark.slow
def test_socratic_with_a_reward_model_the_human_teacher_ties_with_itself(tiny_reward_model, tmp_path):
    """`tasks/socratic.py -T reward_model=...`: the human teacher's own turn scored against itself is a tie every
    time, never a win."""
    from inspect_ai import eval

    from trtutor.tasks.socratic import socratic

    [log] = eval(socratic(judge="offline", reward_model=str(tiny_reward_model)), model="trtutor/human-teacher",
                 limit=4, display="none", log_dir=str(tmp_path / "logs"))  # fmt: skip
    assert log.status == "success", log.error
    reward = next(s for s in log.results.scores if s.name == "pedagogical_reward")
    assert reward.metrics["tie_rate"].value == 1.0 and reward.metrics["win_rate"].value == 0.0
    dialogue = log.samples[0].metadata["reward_dialogue"]
    assert dialogue and {turn["user"] for turn in dialogue} <= {"Teacher", "Student"}


def test_a_missing_reward_model_is_refused_before_any_sample(monkeypatch, tmp_path):
    from trtutor.errors import UsageError
    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(UsageError, match="nobody/no-such-reward-model: no such reward model folder"):
        mathtutorbench_task("pedagogy_following", None, "completion", "nobody/no-such-reward-model")
    with pytest.raises(UsageError, match="no such reward model folder"):
        mathtutorbench_task("pedagogy_following", None, "completion", str(tmp_path / "missing"))
