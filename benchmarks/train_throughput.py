"""Talker training throughput: tokens/s and model-FLOPs utilisation, plain vs tuned, side by side in one run.

Qwen2.5-7B-Instruct's architecture (its public config, `configs/qwen2.5-7b-instruct.json`) with random weights, so
nothing is downloaded; LoRA r=16 on every linear layer; sequences up to 2,048 tokens; bf16 on a GPU.

    python -m benchmarks.train_throughput                       # on a GPU: goal MFU >= 45 %, >= 1.5x plain
    python -m benchmarks.train_throughput --tiny --steps 3      # the same code on the tiny CPU talker (tests)

Plain: SDPA attention, every sample padded to the longest in its batch, gradient checkpointing on.
Tuned: padding-free best-fit packing (TRL's `packing` + `padding_free`), FlashAttention 2 when installed (else
SDPA), Liger kernels when installed, gradient checkpointing off (`--tuned-checkpointing` turns it back on).
MFU = achieved model FLOP/s / the GPU's peak bf16 FLOP/s, with 6 x parameters + 12 x layers x hidden x seq FLOPs
per token (the PaLM convention, counting the frozen weights as full fine-tuning would).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

CONFIG = Path(__file__).parent / "configs" / "qwen2.5-7b-instruct.json"
PEAK_BF16_FLOPS = {"H200": 989e12, "H100": 989e12, "A100": 312e12}  # dense, per GPU


@dataclass(frozen=True)
class Throughput:
    name: str
    tokens_per_second: float
    mfu: float | None
    steps: int
    seconds: float
    settings: dict[str, object]


def _random_model(config_path: Path, folder: Path, tiny: bool) -> Path:
    if tiny:
        from training.tiny_model import build_tiny_talker

        return build_tiny_talker(folder)
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    config = AutoConfig.from_pretrained(config_path)
    with torch.device("cuda"):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    model.save_pretrained(folder)
    return folder


def _dataset(tokenizer_vocab: int, samples: int, max_length: int, seed: int = 0):  # noqa: ANN202
    import datasets
    import numpy as np

    rng = np.random.default_rng(seed)
    lengths = rng.integers(max_length // 4, max_length, size=samples)  # tutoring prompts vary a lot in length
    rows = [{"input_ids": rng.integers(10, tokenizer_vocab - 10, size=int(n)).tolist()} for n in lengths]
    return datasets.Dataset.from_list(rows)


def _flops_per_token(model, seq: int) -> float:  # noqa: ANN001
    config = model.config
    parameters = sum(p.numel() for p in model.parameters())
    return 6 * parameters + 12 * config.num_hidden_layers * config.hidden_size * seq


def run_config(name: str, model_path: Path, tuned: bool, steps: int, seq: int, batch: int, tiny: bool,
               tuned_checkpointing: bool = False) -> Throughput:  # fmt: skip
    import torch
    from peft import LoraConfig
    from trl import SFTConfig, SFTTrainer

    gpu = torch.cuda.is_available() and not tiny
    attention = "sdpa"
    if tuned and gpu and importlib.util.find_spec("flash_attn") is not None:
        attention = "flash_attention_2"
    settings = {
        "attn_implementation": attention,
        "padding_free": tuned,
        "use_liger_kernel": tuned and importlib.util.find_spec("liger_kernel") is not None,
        "gradient_checkpointing": (not tuned) or tuned_checkpointing,
    }
    with tempfile.TemporaryDirectory() as out:
        args = SFTConfig(
            output_dir=out,
            max_steps=steps,
            per_device_train_batch_size=batch,
            max_length=seq,
            bf16=gpu,
            use_cpu=not gpu,
            gradient_checkpointing=bool(settings["gradient_checkpointing"]),
            packing=tuned,  # best-fit-decreasing packing, padding-free
            padding_free=tuned,
            use_liger_kernel=bool(settings["use_liger_kernel"]),
            model_init_kwargs={"attn_implementation": attention, "dtype": "bfloat16" if gpu else "float32"},
            report_to="none",
            save_strategy="no",
            logging_steps=1,
        )
        vocab = json.loads((model_path / "config.json").read_text())["vocab_size"]
        trainer = SFTTrainer(
            model=str(model_path),
            args=args,
            train_dataset=_dataset(vocab, steps * batch * 2, seq),
            peft_config=LoraConfig(r=16, lora_alpha=32, target_modules="all-linear", task_type="CAUSAL_LM"),
        )
        if gpu:
            torch.cuda.synchronize()
        start = time.perf_counter()
        trainer.train()
        if gpu:
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        # TRL logs the running count of real (non-padding) tokens trained on
        tokens = max(float(entry.get("num_tokens", 0)) for entry in trainer.state.log_history)
        flops = _flops_per_token(trainer.model, seq)
    mfu = None
    if gpu:
        name_of_gpu = torch.cuda.get_device_name()
        peak = next((value for key, value in PEAK_BF16_FLOPS.items() if key in name_of_gpu), None)
        mfu = tokens / seconds * flops / peak if peak else None
    return Throughput(name, tokens / seconds, mfu, steps, seconds, settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="the tiny CPU talker instead of the 7B architecture")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--seq", type=int, default=2048)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--tuned-checkpointing", action="store_true")
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args()
    if not args.tiny:
        import torch

        if not torch.cuda.is_available():
            parser.exit(
                2,
                "error: the 7B benchmark needs a CUDA GPU and there is none here; on a CPU, run the "
                "same code on the tiny talker: python -m benchmarks.train_throughput --tiny --steps 3\n",
            )
    with tempfile.TemporaryDirectory() as folder:
        model = _random_model(CONFIG, Path(folder) / "model", args.tiny)
        results = [
            run_config("plain", model, False, args.steps, args.seq, args.batch, args.tiny),
            run_config("tuned", model, True, args.steps, args.seq, args.batch, args.tiny, args.tuned_checkpointing),
        ]
    for result in results:
        mfu = f"{result.mfu:.1%}" if result.mfu is not None else "n/a (no GPU)"
        print(f"{result.name}: {result.tokens_per_second:,.0f} tokens/s, MFU {mfu}, settings {result.settings}")
    print(f"tuned / plain: {results[1].tokens_per_second / results[0].tokens_per_second:.2f}x")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in results], indent=2))


if __name__ == "__main__":
    main()
