"""MathTutorBench `mistake_location`. Student understanding: name the step of a StepVerify solution's first mistake (0:
none).

    inspect eval tasks/mathtutorbench/mistake_location.py --model <model>
    inspect eval tasks/mathtutorbench/mistake_location.py --model trtutor/replay -M outputs=outputs.json

Metrics: `f1_micro`, `f1_macro`, `f1_weighted`. Items, order, prompt, few-shot examples, stop sequences, parsing and
metrics are MathTutorBench's (see README.md in this folder).
"""

from inspect_ai import Task, task

from trtutor.tasks.mathtutorbench.common import PromptFormat, mathtutorbench_task


@task
def mistake_location(data: str | None = None, prompt_format: PromptFormat = "completion") -> Task:
    """MathTutorBench's `mistake_location` task.

    Args:
        data: The task's data in MathTutorBench's source format, or "hub" (or the hub name, `gsm8k` or
            `eth-nlped/stepverify`) to read it from the Hugging Face hub (GSM8K and StepVerify only). Defaults to
            None: the bundled copy.
        prompt_format: "completion" (MathTutorBench's default: the rendered prompt as the only message, the
            answer stripped) or "chat" (its `is_chat=True` form: the rendered prompt as the system message).
            Defaults to "completion".
    """
    return mathtutorbench_task("mistake_location", data, prompt_format)
