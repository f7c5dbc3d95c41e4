"""The `trtutor/…` models: recorded tutor turns replayed as if a model wrote them.

- `trtutor/human-teacher` answers with the human teacher's actual turn for the sample (MathDial). It is the
  reference row of every leaderboard: the same task, the same judges, scored on what the human teachers said.
- `trtutor/mrbench-replay -M tutor=GPT4` answers with that MRBench tutor's recorded response, so the published
  tutors are scored by our judges and sit in the same leaderboard as a new adapter.
- `trtutor/replay -M outputs=FILE.json` answers each sample with the text recorded for its id in FILE (a JSON
  object, sample id -> text): how generations saved elsewhere are re-scored, and how MathTutorBench conformance is
  tested. A sample without a recorded text is an error naming the file and the id.
- `trtutor/baseline -M strategy=NAME` is a degenerate talker (`empty`, `constant-question`, `echo-student`,
  `repeat-problem`, `reveal-answer`): the floor of a leaderboard, and a check that the judges are not fooled.

The tasks put the recorded turns into the sample store before generation; these models read them back, so they
work only inside a TRTutor task.
"""

from __future__ import annotations

from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, ModelAPI, ModelOutput, ModelUsage
from inspect_ai.tool import ToolChoice, ToolInfo
from inspect_ai.util import store

from trtutor.data.mrbench import MRBENCH_TUTORS
from trtutor.data.turn_samples import MOMENT_STORE_KEY, RECORDED_RESPONSES_STORE_KEY, REFERENCE_STORE_KEY
from trtutor.errors import UsageError

HUMAN_TEACHER = "human-teacher"
REPLAY = "replay"
REPLAYED = "trtutor_replayed"  # in the output's metadata: the recorded text, to be parsed as it is
MRBENCH_REPLAY = "mrbench-replay"
BASELINE = "baseline"
CONSTANT_QUESTION = "Can you walk me through how you got your answer?"


def baseline_turn(strategy: str, moment: dict[str, str]) -> str:
    """What the degenerate talker `strategy` says at this moment (the floor of a leaderboard, as the human teacher
    is its ceiling): nothing, one question for every moment, the student's own words, the problem, or the answer."""
    if strategy == "empty":
        return ""
    if strategy == "constant-question":
        return CONSTANT_QUESTION
    if strategy == "echo-student":
        return moment["last_student_turn"]
    if strategy == "repeat-problem":
        return moment["problem"]
    if strategy == "reveal-answer":
        return f"The answer is {moment['final_answer']}." if moment["final_answer"] else moment["ground_truth"]
    raise UsageError(f"Invalid strategy {strategy!r}. Must be one of: {', '.join(BASELINE_STRATEGIES)}")


BASELINE_STRATEGIES = ("empty", "constant-question", "echo-student", "repeat-problem", "reveal-answer")


class TrtutorModels(ModelAPI):
    """`trtutor/human-teacher`, `trtutor/mrbench-replay` (with `-M tutor=NAME`) and `trtutor/baseline` (with
    `-M strategy=NAME`)."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        tutor: str | None = None,
        strategy: str | None = None,
        outputs: str | None = None,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config)
        if model_name not in (HUMAN_TEACHER, MRBENCH_REPLAY, BASELINE, REPLAY):
            raise UsageError(
                f"Invalid model 'trtutor/{model_name}'. Must be one of: trtutor/{HUMAN_TEACHER}, "
                f"trtutor/{MRBENCH_REPLAY}, trtutor/{BASELINE}, trtutor/{REPLAY}, trtutor/peft/<adapter folder>"
            )
        self.outputs_file = outputs
        self.outputs: dict[str, str] | None = None
        if model_name == REPLAY:
            if not outputs:
                raise UsageError(f"trtutor/{REPLAY} needs -M outputs=FILE.json (a JSON object, sample id -> text)")
            from trtutor.mathtutorbench.benchmark import read_outputs
            from trtutor.paths import user_path

            self.outputs_file = user_path(outputs)
            self.outputs = read_outputs(self.outputs_file)
        if model_name == MRBENCH_REPLAY and tutor not in MRBENCH_TUTORS:
            given = "no tutor given" if tutor is None else f"invalid tutor {tutor!r}"
            raise UsageError(
                f"trtutor/{MRBENCH_REPLAY} needs -M tutor=NAME ({given}), NAME one of: {', '.join(MRBENCH_TUTORS)}"
            )
        if model_name == BASELINE and strategy not in BASELINE_STRATEGIES:
            given = "no strategy given" if strategy is None else f"invalid strategy {strategy!r}"
            raise UsageError(
                f"trtutor/{BASELINE} needs -M strategy=NAME ({given}), NAME one of: {', '.join(BASELINE_STRATEGIES)}"
            )
        self.tutor = tutor if model_name == MRBENCH_REPLAY else None
        self.strategy = strategy if model_name == BASELINE else None

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        if self.outputs is not None:
            return self._replay()
        if self.strategy is not None:
            moment = store().get(MOMENT_STORE_KEY)
            turn = baseline_turn(self.strategy, moment) if isinstance(moment, dict) else None
            what = "moment (problem, student's last turn, answer)"
        elif self.tutor is None:
            turn = store().get(REFERENCE_STORE_KEY)
            what = "human teacher turn"
        else:
            turn = (store().get(RECORDED_RESPONSES_STORE_KEY) or {}).get(self.tutor)
            what = (
                f"recorded response of tutor {self.tutor} (tasks/mrbench.py keeps only the conversations the replayed "
                "tutor answered when eval() builds it: pass the task function or file, not a built Task)"
            )
        if not isinstance(turn, str):
            raise RuntimeError(
                f"trtutor/{self.model_name} found no {what} in the sample store; use it with a TRTutor task "
                "(tasks/socratic.py for human-teacher and baseline, tasks/mrbench.py for mrbench-replay and baseline)"
            )
        # No model ran, so no tokens were used.
        return ModelOutput.from_content(model=self.model_name, content=turn).model_copy(
            update={"usage": ModelUsage(input_tokens=0, output_tokens=0, total_tokens=0)}
        )

    def _replay(self) -> ModelOutput:
        """The recorded text for the active sample."""
        try:  # private in Inspect: the sample being evaluated
            from inspect_ai.log._samples import sample_active
        except ImportError as error:  # pragma: no cover
            raise RuntimeError("trtutor/replay needs Inspect's active-sample API, which this version lacks") from error
        active = sample_active()
        sample_id = str(active.sample.id) if active is not None else None
        if sample_id is None or sample_id not in (self.outputs or {}):
            raise UsageError(
                f"{self.outputs_file}: no recorded output for sample {sample_id!r} ({len(self.outputs or {})} "
                "recorded); replay only the samples it holds (--sample-id, --limit)"
            )
        output = ModelOutput.from_content(model=self.model_name, content=(self.outputs or {})[sample_id])
        return output.model_copy(update={"usage": ModelUsage(input_tokens=0, output_tokens=0, total_tokens=0),
                                         "metadata": {REPLAYED: True}})  # fmt: skip
