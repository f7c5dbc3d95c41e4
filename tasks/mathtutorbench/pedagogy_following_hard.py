"""MathTutorBench `pedagogy_following_hard`. Pedagogy: as pedagogy_following, on the hard bridge dialogues.

    inspect eval tasks/mathtutorbench/pedagogy_following_hard.py --model <model>
    inspect eval tasks/mathtutorbench/pedagogy_following_hard.py --model trtutor/replay -M outputs=outputs.json

Metrics: `match` (share of turns that are questions). Items, order, prompt, few-shot examples, stop sequences, parsing
and metrics are MathTutorBench's (see README.md in this folder).
"""

from inspect_ai import Task, task

from trtutor.scorers.pedagogical_reward import DEFAULT_REWARD_MODEL
from trtutor.tasks.mathtutorbench.common import PromptFormat, mathtutorbench_task


@task
def pedagogy_following_hard(
    data: str | None = None,
    prompt_format: PromptFormat = "completion",
    reward_model: str | None = DEFAULT_REWARD_MODEL,
    reward_batch_size: int = 8,
    trust_remote_code: bool = False,
) -> Task:
    """MathTutorBench's `pedagogy_following_hard` task.

    Args:
        data: The task's data in MathTutorBench's source format, or "hub" (or the hub name, `gsm8k` or
            `eth-nlped/stepverify`) to read it from the Hugging Face hub (GSM8K and StepVerify only). Defaults to
            None: the bundled copy.
        prompt_format: "completion" (MathTutorBench's default: the rendered prompt as the only message, the
            answer stripped) or "chat" (its `is_chat=True` form: the rendered prompt as the system message).
            Defaults to "completion".
        reward_model: The pedagogical reward model that scores the turn against the human teacher's
            (`pedagogical_reward`: win rate, mean margin): a hub name or folder of a one-label sequence-classification
            model, or "none". Defaults to MathTutorBench's, eth-nlped/Qwen2.5-1.5B-pedagogical-rewardmodel.
        reward_batch_size: Turns per forward pass of the reward model. Defaults to 8.
        trust_remote_code: Let transformers run the reward model's own code. Defaults to False.
    """
    return mathtutorbench_task(
        "pedagogy_following_hard", data, prompt_format, reward_model, reward_batch_size, trust_remote_code
    )
