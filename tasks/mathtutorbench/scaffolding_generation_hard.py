"""MathTutorBench `scaffolding_generation_hard`. Pedagogy: as scaffolding_generation, on the hard bridge dialogues.

    inspect eval tasks/mathtutorbench/scaffolding_generation_hard.py --model <model>
    inspect eval tasks/mathtutorbench/scaffolding_generation_hard.py --model trtutor/replay -M outputs=outputs.json

Metrics: `match` (share of turns that are questions). Items, order, prompt, few-shot examples, stop sequences, parsing
and metrics are MathTutorBench's (see README.md in this folder).
"""

from inspect_ai import Task, task

from trtutor.tasks.mathtutorbench.common import PromptFormat, mathtutorbench_task


@task
def scaffolding_generation_hard(data: str | None = None, prompt_format: PromptFormat = "completion") -> Task:
    """MathTutorBench's `scaffolding_generation_hard` task.

    Args:
        data: The task's data in MathTutorBench's source format, or "hub" to read it from the Hugging Face hub
            (GSM8K and StepVerify only). Defaults to None: the bundled copy.
        prompt_format: "completion" (MathTutorBench's default: the rendered prompt as the only message, the
            answer stripped) or "chat" (its `is_chat=True` form: the rendered prompt as the system message).
            Defaults to "completion".
    """
    return mathtutorbench_task("scaffolding_generation_hard", data, prompt_format)
