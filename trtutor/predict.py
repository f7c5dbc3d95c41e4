"""`trtutor predict`: the next tutor turn for every item of an SFT test file, from a base model and a LoRA adapter.

    trtutor predict --adapter_path adapters/talker-r16 --test_json sft/test.jsonl --output_json predictions.json

Two backends behind one interface: vLLM offline (`LLM(enable_lora=True)` with a `LoRARequest`) when vLLM is
importable and a GPU is present, else transformers + PEFT with batched generation (works on CPU). Decoding is
greedy unless `--temperature` is given. The output records, next to every prediction and its id, the adapter,
the base model, the backend and the decoding settings.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import trtutor
from trtutor.adapters import Adapter, AdapterError, check_adapter_base, check_device, vllm_max_lora_rank
from trtutor.errors import UsageError
from trtutor.sft_data import read_sft_examples

logger = logging.getLogger(__name__)

Backend = Literal["auto", "vllm", "transformers"]
ChatPrompt = list[dict[str, str]]


@dataclass(frozen=True)
class DecodingSettings:
    """How the talker decodes; recorded with every prediction file."""

    max_new_tokens: int = 256
    temperature: float = 0.0  # 0: greedy
    top_p: float = 1.0
    seed: int = 0

    @property
    def greedy(self) -> bool:
        return self.temperature == 0


@dataclass
class PredictConfig:
    """`trtutor predict`'s settings (the seed's flag names)."""

    test_json: str
    output_json: str
    adapter_path: str | None = None
    base_model: str | None = None  # default: the adapter's base, from its card or adapter_config.json
    backend: Backend = "auto"
    decoding: DecodingSettings = DecodingSettings()
    batch_size: int = 8
    device: str | None = None
    limit: int | None = None


class TalkerBackend(Protocol):
    name: str

    def generate(self, prompts: Sequence[ChatPrompt], decoding: DecodingSettings) -> list[str]:
        """One completion per chat prompt, in order."""
        ...


class TransformersBackend:
    """transformers + PEFT, batched with left padding; prompts are sorted by length so batches pad little."""

    name = "transformers"

    def __init__(self, base_model: str, adapter: Adapter | None, *, device: str | None = None, batch_size: int = 8):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.batch_size = batch_size
        tokenizer_source = str(adapter.path) if adapter is not None and adapter.has_tokenizer else base_model
        self.tokenizer = AutoTokenizer.from_pretrained(tokenizer_source)
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        model = AutoModelForCausalLM.from_pretrained(base_model, dtype="auto")
        if adapter is not None:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, str(adapter.path))
        self.model = model.to(self.device).eval()

    def generate(self, prompts: Sequence[ChatPrompt], decoding: DecodingSettings) -> list[str]:
        import torch
        from tqdm.auto import tqdm

        texts = [self.tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True) for p in prompts]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        results: dict[int, str] = {}
        sampling = {"do_sample": False} if decoding.greedy else {
            "do_sample": True, "temperature": decoding.temperature, "top_p": decoding.top_p}  # fmt: skip
        torch.manual_seed(decoding.seed)
        with tqdm(total=len(texts), desc="predict", unit="turn") as progress:
            for start in range(0, len(order), self.batch_size):
                batch = order[start : start + self.batch_size]
                inputs = self.tokenizer(
                    [texts[i] for i in batch], return_tensors="pt", padding=True, add_special_tokens=False
                ).to(self.device)
                with torch.no_grad():
                    output = self.model.generate(
                        **inputs,
                        max_new_tokens=decoding.max_new_tokens,
                        pad_token_id=self.tokenizer.pad_token_id,
                        **sampling,
                    )
                new_tokens = output[:, inputs["input_ids"].shape[1] :]
                for index, tokens in zip(batch, new_tokens, strict=True):
                    results[index] = self.tokenizer.decode(tokens, skip_special_tokens=True).strip()
                progress.update(len(batch))
        return [results[i] for i in range(len(texts))]


class VllmBackend:
    """vLLM offline inference: the base model once, the adapter attached per request with a `LoRARequest`."""

    name = "vllm"

    def __init__(self, base_model: str, adapter: Adapter | None, *, seed: int = 0):
        from vllm import LLM
        from vllm.lora.request import LoRARequest

        lora: dict[str, Any] = (
            {"enable_lora": True, "max_loras": 1, "max_lora_rank": vllm_max_lora_rank([adapter])} if adapter else {}
        )
        self.llm = LLM(model=base_model, seed=seed, **lora)
        self.lora_request = LoRARequest(adapter.name, 1, str(adapter.path)) if adapter else None

    def generate(self, prompts: Sequence[ChatPrompt], decoding: DecodingSettings) -> list[str]:
        from vllm import SamplingParams

        params = SamplingParams(
            temperature=decoding.temperature,
            top_p=decoding.top_p,
            max_tokens=decoding.max_new_tokens,
            seed=decoding.seed,
        )
        outputs = self.llm.chat(list(prompts), params, lora_request=self.lora_request, use_tqdm=True)
        return [output.outputs[0].text.strip() for output in outputs]


def _vllm_importable() -> bool:
    return "vllm" in sys.modules or importlib.util.find_spec("vllm") is not None  # imported already, or installed


def choose_backend(backend: Backend) -> Literal["vllm", "transformers"]:
    """`auto`: vLLM when it is importable and a GPU is present, else transformers + PEFT."""
    if backend == "vllm" and not _vllm_importable():
        raise UsageError(
            "--backend vllm: vLLM is not installed in this environment. It pins its own torch and transformers, so it "
            "lives in an environment of its own (python -m venv ~/vllm-env && ~/vllm-env/bin/pip install vllm; run "
            "trtutor predict from there), or pass --backend transformers"
        )
    if backend != "auto":
        return backend
    if not _vllm_importable():
        return "transformers"
    import torch

    return "vllm" if torch.cuda.is_available() else "transformers"


def resolve_talker(adapter_path: str | None, base_model: str | None) -> tuple[str, Adapter | None]:
    """The base model and adapter to run; an adapter trained on another base than `base_model` is refused."""
    adapter = Adapter.from_path(adapter_path) if adapter_path else None
    if adapter is None and not base_model:
        raise AdapterError("pass --adapter_path, --base_model, or both")
    base = base_model or adapter.base_model  # type: ignore[union-attr]
    if adapter is not None:
        check_adapter_base(adapter, base)
    return base, adapter


def load_backend(name: str, base: str, adapter: Adapter | None, config: PredictConfig) -> TalkerBackend:
    if name == "vllm":
        return VllmBackend(base, adapter, seed=config.decoding.seed)
    return TransformersBackend(base, adapter, device=config.device, batch_size=config.batch_size)


def predict(config: PredictConfig) -> dict[str, Any]:
    """Generate a tutor turn for every test item and write them, with provenance, to `config.output_json`.

    Returns:
        What was written: `provenance` and `predictions` (`id`, `prediction`, `reference`).

    Raises:
        ValueError: an unreadable test file, or an adapter that cannot be used (wrong base, not an adapter).
    """
    base, adapter = resolve_talker(config.adapter_path, config.base_model)
    examples = read_sft_examples(config.test_json)[: config.limit]
    backend_name = choose_backend(config.backend)
    if backend_name == "transformers":
        check_device(config.device)
    started = time.time()
    backend = load_backend(backend_name, base, adapter, config)
    texts = backend.generate([example.prompt for example in examples], config.decoding)
    seconds = time.time() - started
    result = {
        "provenance": {
            "harness_version": trtutor.__version__,
            "base_model": base,
            "adapter": adapter.provenance() if adapter else None,
            "backend": backend_name,
            "decoding": asdict(config.decoding),
            "batch_size": config.batch_size if backend_name == "transformers" else None,
            "test_json": str(config.test_json),
            "test_json_sha256": hashlib.sha256(Path(config.test_json).read_bytes()).hexdigest(),
            "items": len(examples),
            "seconds": round(seconds, 2),
            "python": platform.python_version(),
            "versions": _versions(backend_name),
        },
        "predictions": [
            {"id": example.id, "prediction": text, "reference": example.response}
            for example, text in zip(examples, texts, strict=True)
        ],
    }
    output = Path(config.output_json)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return result


def _versions(backend: str) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("torch", "transformers", "peft", "vllm" if backend == "vllm" else None):
        if package:
            try:
                versions[package] = version(package)
            except PackageNotFoundError:
                continue
    return versions
