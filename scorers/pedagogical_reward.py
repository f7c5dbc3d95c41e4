"""`pedagogical_reward`: MathTutorBench's pedagogical reward model, scoring the talker's turn against the human
teacher's in the same conversation.

The reward model (default `eth-nlped/Qwen2.5-1.5B-pedagogical-rewardmodel`; any one-label sequence-classification
model) reads each turn in MathTutorBench's conversation format (`reward_model/compute_scaffolding_score.py`): its
system prompt, "Problem: ... / Reference Solution: ..." as the user, the dialogue with teacher turns as the
assistant, and the turn to judge as the last assistant message. It is loaded with transformers (bf16 on a GPU, fp32
on the CPU; `trust_remote_code` only when asked), once per process, and scores the turns of all samples in batches:
scorers run concurrently, and a batcher gathers their requests into one padded forward pass.

A sample's score: value 1 when the talker's reward is strictly above the human teacher's (a win, as MathTutorBench
counts it), 0 otherwise; the answer says `win`, `tie` or `loss`; the metadata keep both rewards. The metric reports
`win_rate` (strict wins, MathTutorBench's headline), `tie_rate` (counted apart), `loss_rate`, `mean_margin`, `score`
and `baseline_score` (mean rewards of talker and human teacher), each with a 95 % bootstrap interval.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState

from trtutor.errors import UsageError

DEFAULT_REWARD_MODEL = "eth-nlped/Qwen2.5-1.5B-pedagogical-rewardmodel"
SYSTEM_PROMPT = (
    "Judge the pedagogical quality of the responses provided by two teachers. Focus on the quality of the "
    "scaffolding guidance, correctness, and actionability of the feedback through nudges, questions and hints. "
    "Do not give high scores for revealing the full answer."
)
BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED = 1000, 0


def reward_conversation(problem: str, reference_solution: str, dialogue: list[dict[str, str]], response: str
                        ) -> list[dict[str, str]]:  # fmt: skip
    """The chat the reward model scores: MathTutorBench's `_format_conversation`. `dialogue` holds
    `{"user": "Teacher" | "Tutor" | "Student", "text": ...}` turns before the response."""
    conversation = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Problem: {problem}\nReference Solution: {reference_solution}"},
    ]
    conversation += [
        {"role": "assistant" if turn["user"] in ("Teacher", "Tutor") else "user", "content": turn["text"]}
        for turn in dialogue
    ]
    return [*conversation, {"role": "assistant", "content": response}]


def reward_model_name(reward_model: str | None) -> str | None:
    """None for "none" or "" (`-T reward_model=none`: no reward model); else the model's folder (relative to where
    the command ran) or hub name, checked to exist before any sample runs.

    Raises:
        UsageError: neither a folder nor a model on the hub (or in its cache when offline); the message says how to
            run without the reward model or with a local copy.
    """
    if reward_model is None or reward_model.strip().lower() in ("", "none", "null"):
        return None
    from trtutor.adapters import AdapterError, check_model_exists
    from trtutor.paths import user_path

    reward_model = user_path(reward_model)
    try:
        check_model_exists(reward_model, what="reward model")
    except AdapterError as error:
        # The default model is fetched from the hub: offline, the user needs the way around it, not only the cause.
        raise UsageError(f"pedagogical reward model {error}. To run without it, pass -T reward_model=none; to use "
                         "a local copy, -T reward_model=FOLDER") from error  # fmt: skip
    return reward_model


def turn_reward_metadata(context: Any) -> dict[str, Any]:
    """What `pedagogical_reward` reads for a MathDial teacher turn (a `TurnContext`): the problem, its worked
    solution as the reference, the turns before; the human teacher's turn is the sample's target."""
    conversation = context.conversation
    return {
        "reward_problem": conversation.question,
        "reward_reference_solution": conversation.ground_truth,
        "reward_dialogue": [
            {"user": "Teacher" if turn.speaker == "teacher" else "Student", "text": turn.text}
            for turn in context.history
        ],  # fmt: skip
    }


def aggregate_rewards(chosen: list[float], rejected: list[float]) -> dict[str, float]:
    """MathTutorBench's `evaluate_preference_accuracy` results: strict wins over all pairs, mean rewards and margin."""
    talker, human = np.asarray(chosen, dtype=float), np.asarray(rejected, dtype=float)
    return {
        "win_rate": float(np.sum(talker > human) / len(talker)),
        "score": float(np.mean(talker)),
        "baseline_score": float(np.mean(human)),
        "mean_margin": float(np.mean(talker - human)),
        "total_samples": len(talker),
    }


@dataclass
class RewardModel:
    """A sequence-classification reward model, loaded once, scoring conversations in padded batches."""

    name: str
    batch_size: int = 8
    trust_remote_code: bool = False
    device: str | None = None
    _model: Any = field(default=None, repr=False)
    _tokenizer: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            try:
                import torch
                from transformers import AutoModelForSequenceClassification, AutoTokenizer
            except ImportError as error:
                raise UsageError("the pedagogical reward model needs torch and transformers: "
                                 "pip install 'trtutor[train]'") from error  # fmt: skip
            device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
            dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
            tokenizer = AutoTokenizer.from_pretrained(self.name, trust_remote_code=self.trust_remote_code)
            model = AutoModelForSequenceClassification.from_pretrained(
                self.name, num_labels=1, dtype=dtype, trust_remote_code=self.trust_remote_code
            )
            if tokenizer.pad_token is None:  # batching pads; the model finds each row's last real token by it
                tokenizer.pad_token = tokenizer.eos_token
            model.config.pad_token_id = tokenizer.pad_token_id
            tokenizer.padding_side = "right"
            self._tokenizer, self._model, self.device = tokenizer, model.to(device).eval(), device

    def score(self, conversations: list[list[dict[str, str]]]) -> list[float]:
        """One reward per conversation, `batch_size` at a time."""
        import torch

        self.load()
        rewards: list[float] = []
        for start in range(0, len(conversations), self.batch_size):
            texts = [self._tokenizer.apply_chat_template(c, tokenize=False)
                     for c in conversations[start : start + self.batch_size]]  # fmt: skip
            batch = self._tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
            with torch.no_grad():
                logits = self._model(**batch.to(self.device)).logits
            rewards += [float(value) for value in logits[:, 0].float().cpu()]
        return rewards


class RewardBatcher:
    """Gathers the concurrent scorers' requests into batches for one model, run off the event loop."""

    def __init__(self, model: RewardModel) -> None:
        self.model = model
        self.pending: list[tuple[list[dict[str, str]], asyncio.Future[float]]] = []
        self.running: asyncio.Task[None] | None = None

    async def reward(self, conversation: list[dict[str, str]]) -> float:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.pending.append((conversation, future))
        if self.running is None or self.running.done():
            self.running = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # let the other scorers of this round add their requests
        while self.pending:
            batch, self.pending = self.pending[: self.model.batch_size * 4], self.pending[self.model.batch_size * 4 :]
            try:
                rewards = await asyncio.to_thread(self.model.score, [conversation for conversation, _ in batch])
            except Exception as error:  # every waiting scorer sees the failure
                for _, future in batch:
                    future.set_exception(error)
                continue
            for (_, future), reward in zip(batch, rewards, strict=True):
                future.set_result(reward)


_BATCHERS: dict[tuple[str, int, bool], RewardBatcher] = {}


def reward_batcher(name: str, batch_size: int, trust_remote_code: bool) -> RewardBatcher:
    """One batcher (and one loaded model) per model name and settings, per process."""
    key = (name, batch_size, trust_remote_code)
    if key not in _BATCHERS:
        _BATCHERS[key] = RewardBatcher(RewardModel(name, batch_size, trust_remote_code))
    return _BATCHERS[key]


def _bootstrap(values: np.ndarray, statistic: Any) -> tuple[float, float]:
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    draws = rng.integers(0, len(values), size=(BOOTSTRAP_RESAMPLES, len(values)))
    stats = np.array([statistic(values[row]) for row in draws])
    return float(np.percentile(stats, 2.5)), float(np.percentile(stats, 97.5))


@metric
def pedagogical_reward_metrics() -> Metric:
    """`win_rate`, `tie_rate`, `loss_rate`, `mean_margin`, `score`, `baseline_score`, each with `_ci_low`/`_ci_high`
    (bootstrap over samples)."""

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        pairs = np.array([[s.score.metadata["reward_talker"], s.score.metadata["reward_human_teacher"]]
                          for s in scores if s.score.metadata and "reward_talker" in s.score.metadata])  # fmt: skip
        if len(pairs) == 0:
            return {}
        statistics = {
            "win_rate": lambda p: float(np.mean(p[:, 0] > p[:, 1])),
            "tie_rate": lambda p: float(np.mean(p[:, 0] == p[:, 1])),
            "loss_rate": lambda p: float(np.mean(p[:, 0] < p[:, 1])),
            "mean_margin": lambda p: float(np.mean(p[:, 0] - p[:, 1])),
            "score": lambda p: float(np.mean(p[:, 0])),
            "baseline_score": lambda p: float(np.mean(p[:, 1])),
        }
        result: dict[str, float] = {}
        for name, statistic in statistics.items():
            low, high = _bootstrap(pairs, statistic)
            result |= {name: statistic(pairs), f"{name}_ci_low": low, f"{name}_ci_high": high}
        return result

    return compute


@scorer(metrics=[pedagogical_reward_metrics()])
def pedagogical_reward(model: str = DEFAULT_REWARD_MODEL, batch_size: int = 8, trust_remote_code: bool = False
                       ) -> Scorer:  # fmt: skip
    """The reward model's verdict on the talker's turn against the human teacher's (see the module docstring).

    The sample's metadata must hold `reward_problem`, `reward_reference_solution` and `reward_dialogue` (the turns
    before the response), and the human teacher's turn as `reward_human_turn` (else the target is taken for it)."""

    async def score(state: TaskState, target: Target) -> Score:
        metadata = state.metadata
        missing = [key for key in ("reward_problem", "reward_reference_solution", "reward_dialogue")
                   if key not in metadata]  # fmt: skip
        if missing:
            raise UsageError(f"pedagogical_reward needs sample metadata {', '.join(missing)}")
        batcher = reward_batcher(model, batch_size, trust_remote_code)
        build = lambda response: reward_conversation(  # noqa: E731
            metadata["reward_problem"], metadata["reward_reference_solution"], metadata["reward_dialogue"], response
        )
        human_turn = metadata.get("reward_human_turn", target.text)
        talker, human = await asyncio.gather(batcher.reward(build(state.output.completion)),
                                             batcher.reward(build(human_turn)))  # fmt: skip
        outcome = "win" if talker > human else "tie" if talker == human else "loss"
        return Score(
            value=1.0 if outcome == "win" else 0.0,
            answer=outcome,
            explanation=f"reward {talker:.4f} for the talker's turn, {human:.4f} for the human teacher's",
            metadata={"reward_talker": talker, "reward_human_teacher": human, "reward_model": model},
        )

    return score
