"""LoRA SFT of the talker with TRL, PEFT and (optionally) DeepSpeed.

Reads what `trtutor prepare-sft` writes (chat prompt-completion JSON Lines) or the seed's instruction/input/output
JSON, applies the base model's chat template, and puts the loss on the tutor's response only. A sample longer than
`--model_max_length` loses its oldest conversation turns, never the response. Next to the adapter it writes an
adapter card, `trtutor_adapter.json`, and the problems it trained on, `trained_problems.json`, which evaluations
leave out (`trtutor/trained_problems.py`).

    python training/sft_talker.py --model_name Qwen/Qwen2.5-7B-Instruct --data_path sft/train.jsonl \\
        --output_dir adapters/talker-r16 --bf16 --model_max_length 2048 --per_device_train_batch_size 2 \\
        --gradient_accumulation_steps 16

    torchrun --nproc-per-node=2 training/sft_talker.py --config training/talker.yaml \\
        --deepspeed training/deepspeed/zero2.json [--resume_from_checkpoint adapters/talker-r16/checkpoint-50]

Every flag is a dataclass field (TRL's `TrlParser`): the seed's flags, TRL's `SFTConfig` and `ModelConfig` (LoRA:
`--lora_r`, `--lora_alpha`, `--lora_dropout`, `--lora_target_modules`), and `--config FILE.yaml`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from trl import ModelConfig, SFTConfig

from trtutor.adapters import ADAPTER_CARD, check_model_exists
from trtutor.sft_data import SftExample, read_sft_examples
from trtutor.trained_problems import write_trained_problems

logger = logging.getLogger("trtutor.sft_talker")

LORA_LEARNING_RATE = 2e-4
# Below this, a LoRA run is probably using a full fine-tuning rate (the seed's 2e-5).
FULL_FINE_TUNING_RATE = 5e-5
_HISTORY = re.compile(r"(Conversation so far:\n)(.*?)(\n\nYour next turn as the tutor:)", re.DOTALL)


@dataclass
class TalkerScriptArguments:
    """The seed's own flags that are neither TRL's nor transformers'."""

    data_path: str = field(
        metadata={"help": "SFT data: prepare-sft's chat JSON Lines, or instruction/input/output JSON"}
    )
    model_name: str | None = field(
        default=None, metadata={"help": "Base model (the seed's name for --model_name_or_path)"}
    )
    cache_dir: str | None = field(default=None, metadata={"help": "Where downloaded models are cached"})
    model_max_length: int = field(default=2048, metadata={"help": "Longest sample in tokens; older turns are cut"})
    overwrite: bool = field(default=False, metadata={"help": "Train into an output_dir that holds another run"})


@dataclass
class TalkerSFTConfig(SFTConfig):
    """SFTConfig with the talker's defaults: a LoRA learning rate and the seed's checkpointing. W&B only with
    `--report_to wandb` (transformers' default is "none"), which honours WANDB_PROJECT."""

    learning_rate: float = field(default=LORA_LEARNING_RATE, metadata={"help": "LoRA wants ~10x full fine-tuning's"})
    bf16: bool | None = field(default=None, metadata={"help": "bf16 (default: on when a GPU is present)"})
    gradient_checkpointing: bool = field(default=False, metadata={"help": "Trade compute for memory"})
    save_strategy: str = field(default="steps", metadata={"help": "When to save checkpoints"})
    save_steps: float = field(default=50, metadata={"help": "Save a checkpoint every N steps"})
    save_total_limit: int | None = field(default=5, metadata={"help": "Keep at most N checkpoints"})
    logging_steps: float = field(default=1, metadata={"help": "Log every N steps"})

    def __post_init__(self) -> None:
        import torch

        if self.bf16 is None:
            self.bf16 = torch.cuda.is_available()
        if self.bf16 and not self.use_cpu and not _has_accelerator():
            raise ValueError("--bf16 needs a GPU, and this machine has none; leave --bf16 out to train on the CPU")
        if self.deepspeed and not self.use_cpu and not _has_accelerator():
            # DeepSpeed would otherwise stop with "Check batch related parameters ... 2 != 2 * 1 * 2".
            raise ValueError("DeepSpeed on a machine without a GPU needs --use_cpu (it then runs on gloo)")
        super().__post_init__()


@dataclass
class TalkerModelConfig(ModelConfig):
    """ModelConfig with LoRA on, on every linear layer, by default."""

    use_peft: bool = field(default=True, metadata={"help": "Train a LoRA adapter (off: full fine-tuning)"})
    lora_target_modules: list[str] | None = field(
        default_factory=lambda: ["all-linear"], metadata={"help": "Modules LoRA adapts (default: all linear layers)"}
    )


def make_parser(subparsers: Any = None) -> Any:
    from trl import TrlParser

    types = (TalkerScriptArguments, TalkerSFTConfig, TalkerModelConfig)
    if subparsers is not None:
        parser = subparsers.add_parser("sft-talker", help="LoRA SFT of the talker", dataclass_types=types)
    else:
        parser = TrlParser(types)
    return allow_bare_optional_flags(parser)


def allow_bare_optional_flags(parser: Any) -> Any:
    """Let a `bool | None` flag (`--bf16`, default: decided at run time) be given bare, as a plain bool flag is.

    transformers' parser gives a bool field `nargs="?"` (so `--bf16` alone means True) only when its default is not
    None; with None it demands a value and `--bf16` alone fails.
    """
    for action in parser._actions:
        # transformers' (and TRL's copy of its) `string_to_bool`, the type of every bool field
        if getattr(action.type, "__name__", "") == "string_to_bool" and action.nargs is None:
            action.nargs, action.const = "?", True
    return parser


def fit_to_length(example: dict[str, Any], tokenizer: Any, max_length: int) -> dict[str, Any] | None:
    """Cut the oldest conversation turns until prompt and response fit `max_length` tokens; never the response.

    Returns None when even the prompt without history does not fit (the caller counts it).
    """

    def length(candidate: dict[str, Any]) -> int:
        text = tokenizer.apply_chat_template(candidate["prompt"] + candidate["completion"], tokenize=False)
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    if length(example) <= max_length:
        return example
    prompt = example["prompt"][-1]["content"]
    match = _HISTORY.search(prompt)
    if match is None:
        return None
    turns = match.group(2).split("\n")
    while turns:
        turns = turns[1:]
        history = "\n".join(["(earlier turns omitted)", *turns]) if turns else "(earlier turns omitted)"
        content = prompt[: match.start(2)] + history + prompt[match.end(2) :]
        candidate = {**example, "prompt": [*example["prompt"][:-1], {"role": "user", "content": content}]}
        if length(candidate) <= max_length:
            return candidate
    return None


def check_output_dir(output_dir: str, resume: str | bool | None, overwrite: bool) -> None:
    """Refuse to train into a folder that holds another run's checkpoints, unless resuming or overwriting."""
    checkpoints = sorted(Path(output_dir).glob("checkpoint-*")) if Path(output_dir).is_dir() else []
    if checkpoints and not resume and not overwrite:
        raise ValueError(
            f"{output_dir} holds checkpoints of another run ({checkpoints[-1].name}); pass "
            f"--resume_from_checkpoint {checkpoints[-1]} to continue it, or --overwrite to start over"
        )


def build_trainer(
    script_args: TalkerScriptArguments, training_args: TalkerSFTConfig, model_args: TalkerModelConfig
) -> tuple[Any, list[SftExample], int]:
    """The SFTTrainer for these arguments, the examples it trains on, and how many were left out (too long even
    without history)."""
    import datasets
    from transformers import AutoTokenizer
    from trl import SFTTrainer, get_peft_config

    if script_args.model_name:
        model_args.model_name_or_path = script_args.model_name
    if not model_args.model_name_or_path:
        raise ValueError("no base model: pass --model_name (or --model_name_or_path)")
    check_output_dir(training_args.output_dir, training_args.resume_from_checkpoint, script_args.overwrite)
    if model_args.use_peft and training_args.learning_rate < FULL_FINE_TUNING_RATE:
        logger.warning(
            "learning rate %.1e is a full fine-tuning rate; LoRA usually wants ~10x more (default %.0e)",
            training_args.learning_rate,
            LORA_LEARNING_RATE,
        )
    if script_args.cache_dir is None:
        # a hub id offline is said at once, not after a minute of transformers' retries (a newcomer's walk, round 58)
        check_model_exists(model_args.model_name_or_path, "base model")
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_args.model_name_or_path, cache_dir=script_args.cache_dir)
    except OSError as error:  # a mistyped folder, an id not on the hub, or no network: transformers' own words
        reason = (str(error).strip().splitlines() or [""])[0][:200]
        raise ValueError(
            f"--model_name {model_args.model_name_or_path}: cannot load this base model ({reason}); give a local "
            "model folder, or a Hugging Face model id with network access (or in the local hub cache)"
        ) from error
    if not tokenizer.chat_template:
        raise ValueError(f"{model_args.model_name_or_path}: its tokenizer has no chat template; use an instruct model")

    examples = read_sft_examples(script_args.data_path)
    fitted = [fit_to_length(e.as_prompt_completion(), tokenizer, script_args.model_max_length) for e in examples]
    too_long = sum(example is None for example in fitted)
    if too_long:
        logger.warning("%d of %d examples do not fit %d tokens even without history; left out",
                       too_long, len(examples), script_args.model_max_length)  # fmt: skip
    used = [example for example, fit in zip(examples, fitted, strict=True) if fit is not None]
    unknown = sum(example.problem is None for example in used)
    if unknown:
        logger.warning("%d of %d examples name no problem (no `problem` field, and a prompt not rendered from "
                       "prompts/talker_prompt.txt): evaluations cannot leave their problems out",
                       unknown, len(used))  # fmt: skip
    dataset = datasets.Dataset.from_list([example for example in fitted if example is not None])

    training_args.max_length = script_args.model_max_length
    training_args.model_init_kwargs = {
        **(training_args.model_init_kwargs or {}),
        "cache_dir": script_args.cache_dir,
        "dtype": model_args.dtype,
        "attn_implementation": model_args.attn_implementation,
    }
    if training_args.deepspeed and training_args.use_cpu:
        # On CPU transformers does not start DeepSpeed's process group; ZeRO-3 partitions the weights while the
        # model loads and would otherwise see a world of one.
        import deepspeed

        # DeepSpeed's CPU backend compiles a shared-memory all-reduce on first use of each machine (about a minute
        # on 2 cores); only inference calls it, and training's all-reduces go through gloo, so it is not built.
        deepspeed.ops.__compatible_ops__["deepspeed_shm_comm"] = False
        deepspeed.init_distributed(dist_backend="gloo")
    trainer = SFTTrainer(
        model=model_args.model_name_or_path,
        args=training_args,
        train_dataset=dataset,
        processing_class=tokenizer,
        peft_config=get_peft_config(model_args),
    )
    return trainer, used, too_long


def main(script_args: TalkerScriptArguments, training_args: TalkerSFTConfig, model_args: TalkerModelConfig) -> Path:
    """Train, save the adapter, and write its card and the problems it trained on."""
    trainer, examples, too_long = build_trainer(script_args, training_args, model_args)
    result = trainer.train(resume_from_checkpoint=training_args.resume_from_checkpoint)
    trainer.save_model(training_args.output_dir)
    if trainer.is_world_process_zero():
        write_adapter_card(training_args, model_args, script_args, examples, too_long, result.training_loss)
    if hasattr(trainer, "end"):
        trainer.end()  # finishes trackers and the process group (transformers >= 5.18)
    return Path(training_args.output_dir)


def write_adapter_card(
    training_args: TalkerSFTConfig,
    model_args: TalkerModelConfig,
    script_args: TalkerScriptArguments,
    examples: list[SftExample],
    left_out: int,
    final_loss: float,
) -> Path:
    """`trtutor_adapter.json`: what the adapter is, what it learnt from and how, for leaderboards and serving; and
    beside it `trained_problems.json`, the problems of the examples it trained on (which evaluations leave out)."""
    import datasets
    import peft
    import torch
    import transformers
    import trl

    data = Path(script_args.data_path)
    trained = write_trained_problems(
        training_args.output_dir, data, [e.problem for e in examples], [e.qid for e in examples]
    )
    card = {
        "base_model": model_args.model_name_or_path,
        "data": str(data),
        "data_sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
        "examples": len(examples),
        "examples_left_out_too_long": left_out,
        "trained_problems": trained,
        "final_training_loss": final_loss,
        "lora": {
            "r": model_args.lora_r,
            "alpha": model_args.lora_alpha,
            "dropout": model_args.lora_dropout,
            "target_modules": model_args.lora_target_modules,
        }
        if model_args.use_peft
        else None,
        "hyperparameters": {k: v for k, v in asdict(script_args).items()}
        | {k: _jsonable(v) for k, v in training_args.to_dict().items() if not k.startswith("_")},
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "peft": peft.__version__,
            "trl": trl.__version__,
            "datasets": datasets.__version__,
        },
        "git_commit": _git_commit(),
    }
    path = Path(training_args.output_dir) / ADAPTER_CARD
    path.write_text(json.dumps(card, indent=2), encoding="utf-8")
    return path


def exit_with_error(message: str) -> NoReturn:
    """Stop with the one line `error: MESSAGE` and exit status 2, said once however many processes were launched.

    Under torchrun (or `accelerate launch`) every process finds the same mistake, so only local rank 0 prints it.
    Each process also records it in its torchelastic error file: the launcher's failure summary, the last thing on
    the screen, then shows the line as the root cause instead of a link about enabling tracebacks. The launcher
    still prints its ChildFailedError block, as it does for any process that exits non-zero; exiting 0 would hide
    it, and tell scripts that a run that trained nothing succeeded.
    """
    line = f"error: {message}"
    if int(os.environ.get("LOCAL_RANK", "0")) == 0:
        print(line, file=sys.stderr)
    error_file = os.environ.get("TORCHELASTIC_ERROR_FILE")
    if error_file:
        # The format of torch's own ErrorHandler; the summary shows "py_callstack" (here the line, not a traceback).
        extra = {"py_callstack": line, "timestamp": str(int(time.time()))}
        Path(error_file).write_text(json.dumps({"message": {"message": line, "extraInfo": extra}}), encoding="utf-8")
    sys.exit(2)


def _has_accelerator() -> bool:
    import torch

    xpu = hasattr(torch, "xpu") and torch.xpu.is_available()
    return torch.cuda.is_available() or torch.backends.mps.is_available() or xpu


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def _git_commit() -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    try:  # bad flag combinations (e.g. --bf16 without a GPU) are found while the arguments are parsed
        main(*make_parser().parse_args_and_config())
    except ValueError as error:
        exit_with_error(str(error))
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        # Everything is saved. With DeepSpeed ZeRO-3 on CPU, a rank's interpreter teardown can abort ("terminate
        # called without an active exception": a native thread still joinable at exit), failing a finished run;
        # leave at once instead.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
