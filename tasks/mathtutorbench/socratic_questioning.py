"""MathTutorBench `socratic_questioning`. Expertise: write the step-by-step questions for a GSM8K problem (GSM8K
socratic); best sentence BLEU of any line against the reference questions.

    inspect eval tasks/mathtutorbench/socratic_questioning.py --model <model>
    inspect eval tasks/mathtutorbench/socratic_questioning.py --model trtutor/replay -M outputs=outputs.json

Metrics: `bleu`, `avg_questions`. Items, order, prompt, few-shot examples, stop sequences, parsing and metrics are
MathTutorBench's (see README.md in this folder).
"""

from inspect_ai import Task, task

from trtutor.mathtutorbench.benchmark import Reading
from trtutor.tasks.mathtutorbench.common import PromptFormat, mathtutorbench_task


@task
def socratic_questioning(
    data: str | None = None, prompt_format: PromptFormat = "completion", reading: Reading = "mathtutorbench"
) -> Task:
    """MathTutorBench's `socratic_questioning` task.

    Args:
        data: The task's data in MathTutorBench's source format, or "hub" (or the hub name, `gsm8k` or
            `eth-nlped/stepverify`) to read it from the Hugging Face hub (GSM8K and StepVerify only). Defaults to
            None: the bundled copy.
        prompt_format: "completion" (MathTutorBench's default: the rendered prompt as the only message, the
            answer stripped) or "chat" (its `is_chat=True` form: the rendered prompt as the system message).
            Defaults to "completion".
        reading: "mathtutorbench" (its parsing, quirks included, so numbers compare with its leaderboard) or
            "corrected" (the answer the prompt asks for, read as meant; metrics named `<metric>_corrected`; see
            README.md). Defaults to "mathtutorbench".
    """
    return mathtutorbench_task("socratic_questioning", data, prompt_format, reading=reading)
