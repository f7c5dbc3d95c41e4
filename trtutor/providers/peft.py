"""`trtutor/peft/<adapter folder>`: a talker adapter evaluated through Inspect with transformers + PEFT (CPU or GPU).

Inspect's `hf/` provider loads a base model but not a LoRA adapter folder. This is that provider with the adapter
attached (`PeftModel.from_pretrained`) on the base named by the adapter's card, so no merged copy of the base is
written. Decoding is greedy unless `--temperature` is given (Inspect's `hf/` samples by default), so the base and
every adapter are compared under the same settings.

    inspect eval tasks/socratic.py --model trtutor/peft/adapters/talker-r16 -T judge=offline
    inspect eval tasks/socratic.py --model trtutor/peft/Qwen/Qwen2.5-0.5B-Instruct     # a base model, no adapter

Model args (`-M`): `base_model` (must match the adapter's base), `device` (default: cuda, mps or cpu), and
Inspect's `hf/` args (`batch_size`, `dtype`, ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspect_ai.model import GenerateConfig, ModelInfo, set_model_info
from inspect_ai.model._providers.hf import HuggingFaceAPI

from trtutor.adapters import ADAPTER_CONFIG, Adapter, check_adapter_base, check_device, check_model_exists
from trtutor.errors import UsageError
from trtutor.paths import user_path

PEFT_PREFIX = "peft/"


class PeftTalker(HuggingFaceAPI):
    """A base model with a LoRA adapter attached, or a plain base model when the folder is not an adapter."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        base_model: str | None = None,
        **model_args: Any,
    ) -> None:
        target = model_name.removeprefix(PEFT_PREFIX)
        if not target:
            raise UsageError("trtutor/peft needs an adapter folder or a base model: trtutor/peft/<path or hub id>")
        local = Path(user_path(target))
        check_model_exists(str(local) if local.exists() else target, "adapter or model")
        check_device(model_args.get("device"), "-M device=")
        self.adapter = Adapter.from_path(local) if (local / ADAPTER_CONFIG).is_file() else None
        if self.adapter is not None:
            base = base_model or self.adapter.base_model
            check_adapter_base(self.adapter, base)
            tokenizer = str(self.adapter.path) if self.adapter.has_tokenizer else base
        else:
            if base_model and base_model != target:
                raise UsageError(f"trtutor/peft/{target} is not an adapter folder, so -M base_model does not apply")
            base = str(local) if local.exists() else target
            tokenizer = base
        self.base_model = base
        model_args.setdefault("do_sample", bool(config.temperature))
        super().__init__(model_name, base_url, api_key, config, model_path=base, tokenizer_path=tokenizer, **model_args)
        if self.adapter is not None:
            from peft import PeftModel

            self.model = PeftModel.from_pretrained(self.model, str(self.adapter.path)).eval()
        # Inspect looks up a model it does not know by creating the provider again, which would load the weights a
        # second time; registering the context window answers that lookup.
        context = getattr(self.model.config, "max_position_embeddings", None)
        set_model_info(f"trtutor/{model_name}", ModelInfo(context_length=context))
