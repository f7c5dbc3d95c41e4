"""MathTutorBench `student_solution_correctness`. Student understanding: say whether a student's StepVerify solution is
incorrect (Yes/No).

    inspect eval tasks/mathtutorbench/student_solution_correctness.py --model <model>
    inspect eval tasks/mathtutorbench/student_solution_correctness.py --model trtutor/replay -M outputs=outputs.json

Metrics: `accuracy`, `precision`, `recall`, `f1`. Items, order, prompt, few-shot examples, stop sequences, parsing and
metrics are MathTutorBench's (see README.md in this folder).
"""

from inspect_ai import Task, task

from trtutor.mathtutorbench.benchmark import Reading
from trtutor.tasks.mathtutorbench.common import PromptFormat, mathtutorbench_task


@task
def student_solution_correctness(
    data: str | None = None, prompt_format: PromptFormat = "completion", reading: Reading = "mathtutorbench"
) -> Task:
    """MathTutorBench's `student_solution_correctness` task.

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
    return mathtutorbench_task("student_solution_correctness", data, prompt_format, reading=reading)
