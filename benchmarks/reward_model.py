"""Pedagogical reward model throughput: conversations scored per second, by batch size, as `pedagogical_reward`
scores them (padded batches through `RewardModel.score`).

    python -m benchmarks.reward_model --tiny                    # CPU: the tiny Qwen2 reward model of the tests
    python -m benchmarks.reward_model                           # GPU: Qwen2.5-1.5B's architecture, random weights, bf16

The conversations are MathTutorBench's reward-model conversations of the first `--examples` MathDial bridge
dialogues (the human teacher's turn as the response), tokenised with the tiny talker's tokenizer (no Qwen tokenizer
is downloaded; tokens per conversation are reported so the figures can be read against another tokenizer).
MathTutorBench scores one conversation per forward pass, about 7 examples/s on a GH200 (its paper).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

CONFIG = Path(__file__).parent / "configs" / "qwen2.5-1.5b.json"


@dataclass(frozen=True)
class RewardThroughput:
    model: str
    device: str
    batch_size: int
    examples: int
    seconds: float
    mean_tokens: float

    @property
    def examples_per_second(self) -> float:
        return self.examples / self.seconds


def conversations(count: int) -> list[list[dict[str, str]]]:
    from trtutor.mathtutorbench.benchmark import load_items
    from trtutor.scorers.pedagogical_reward import reward_conversation
    from trtutor.tasks.mathtutorbench.common import reward_metadata

    result = []
    for item in load_items("scaffolding_generation")[:count]:
        meta = reward_metadata(item.example)
        result.append(reward_conversation(meta["reward_problem"], meta["reward_reference_solution"],
                                          meta["reward_dialogue"], meta["reward_human_turn"]))  # fmt: skip
    return result


def build_model(folder: Path, tiny: bool) -> Path:
    """The tiny reward model, or Qwen2.5-1.5B's architecture with random weights, with the tiny tokenizer."""
    from training.tiny_model import build_tiny_reward_model, build_tiny_talker

    talker = build_tiny_talker(folder / "tokenizer")
    if tiny:
        return build_tiny_reward_model(folder / "reward-model", talker)
    import torch
    from transformers import AutoTokenizer, Qwen2Config, Qwen2ForSequenceClassification

    tokenizer = AutoTokenizer.from_pretrained(talker)
    config = Qwen2Config(**{k: v for k, v in json.loads(CONFIG.read_text()).items() if k != "architectures"},
                         pad_token_id=tokenizer.pad_token_id)  # fmt: skip
    target = folder / "reward-model"
    with torch.device("cuda" if torch.cuda.is_available() else "cpu"):
        model = Qwen2ForSequenceClassification(config).to(torch.bfloat16)
    model.save_pretrained(target)
    tokenizer.save_pretrained(target)
    return target


def run(tiny: bool = True, batch_sizes: tuple[int, ...] = (1, 4, 8, 16), examples: int = 64) -> list[RewardThroughput]:
    from trtutor.scorers.pedagogical_reward import RewardModel

    chats = conversations(examples)
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        path = build_model(Path(folder), tiny)
        for batch_size in batch_sizes:
            model = RewardModel(str(path), batch_size=batch_size)
            model.score(chats[:batch_size])  # load and warm up, untimed
            tokens = [
                len(model._tokenizer.apply_chat_template(chat, tokenize=True, return_dict=True)["input_ids"])
                for chat in chats
            ]
            if model.device.startswith("cuda"):
                import torch

                torch.cuda.synchronize()
            start = time.perf_counter()
            model.score(chats)
            if model.device.startswith("cuda"):
                torch.cuda.synchronize()
            seconds = time.perf_counter() - start
            figures.append(RewardThroughput("tiny" if tiny else "qwen2.5-1.5b (random weights)", model.device,
                                            batch_size, len(chats), seconds, sum(tokens) / len(tokens)))  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="the tiny CPU reward model of the tests")
    parser.add_argument("--batch-sizes", default="1,4,8,16")
    parser.add_argument("--examples", type=int, default=64)
    args = parser.parse_args()
    figures = run(args.tiny, tuple(int(b) for b in args.batch_sizes.split(",")), args.examples)
    for f in figures:
        print(f"{f.model} on {f.device}, batch {f.batch_size}: {f.examples_per_second:.1f} examples/s "
              f"({f.examples} conversations, {f.mean_tokens:.0f} tokens each, {f.seconds:.2f} s)")  # fmt: skip
    print(json.dumps([asdict(f) | {"examples_per_second": f.examples_per_second} for f in figures]))


if __name__ == "__main__":
    main()
