"""Talker adapters on disk: what base model each was trained on, its LoRA rank, and the check that it is served on
that base.

An adapter folder is what `training/sft_talker.py` writes: PEFT's `adapter_config.json` and weights, the tokenizer,
and TRTutor's card `trtutor_adapter.json`. A folder from elsewhere (PEFT only, no card) works too.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trtutor.data.files import parse_json_document, read_text_file
from trtutor.errors import UsageError
from trtutor.paths import command_dir

ADAPTER_CONFIG = "adapter_config.json"
ADAPTER_CARD = "trtutor_adapter.json"
# The ranks vLLM accepts for --max-lora-rank (vllm.config.lora.MaxLoRARanks).
VLLM_LORA_RANKS = (1, 8, 16, 32, 64, 128, 256, 320, 512)
# A model in the Hugging Face cache: .../models--Org--Name/snapshots/<commit>
_HUB_CACHE_PATH = re.compile(r"models--([^/]+?)--([^/]+)/snapshots/[^/]+/?$")


class AdapterError(UsageError):
    """An adapter that cannot be used as asked: missing, unreadable, or trained on another base model."""


@dataclass(frozen=True)
class Adapter:
    """A LoRA adapter folder and what its files say about it."""

    name: str
    path: Path
    base_model: str
    rank: int | None
    card: dict[str, Any] | None = field(default=None, compare=False)

    @classmethod
    def from_path(cls, path: str | Path, name: str | None = None) -> Adapter:
        """Read an adapter folder. Its base model comes from the TRTutor card, else from PEFT's config.

        Raises:
            AdapterError: no such folder, no `adapter_config.json`, or no base model named in either file.
        """
        folder = Path(path).expanduser()
        config_file = folder / ADAPTER_CONFIG
        if not folder.is_dir():
            raise AdapterError(f"{path}: no such adapter folder")
        if not config_file.is_file():
            raise AdapterError(f"{path}: not a PEFT adapter folder (no {ADAPTER_CONFIG})")
        config = _read_json(config_file)
        card_file = folder / ADAPTER_CARD
        card = _read_json(card_file) if card_file.is_file() else None
        base = (card or {}).get("base_model") or config.get("base_model_name_or_path")
        if not base:
            raise AdapterError(f"{config_file}: names no base model (base_model_name_or_path)")
        if (
            card
            and config.get("base_model_name_or_path")
            and not same_base_model(card["base_model"], config["base_model_name_or_path"])
        ):
            raise AdapterError(
                f"{path}: the card says base {card['base_model']!r} but {ADAPTER_CONFIG} says "
                f"{config['base_model_name_or_path']!r}"
            )
        rank = config.get("r")
        # A symlink keeps its own name: `eval-adapters` names adapters that way.
        return cls(name or folder.absolute().name, folder.resolve(), str(base), int(rank) if rank else None, card)

    @property
    def has_tokenizer(self) -> bool:
        return (self.path / "tokenizer_config.json").is_file()

    def weights_sha256(self) -> str | None:
        """sha256 of the adapter weights, to name exactly which adapter produced a result."""
        for weights in ("adapter_model.safetensors", "adapter_model.bin"):
            if (self.path / weights).is_file():
                return hashlib.sha256((self.path / weights).read_bytes()).hexdigest()
        return None

    def provenance(self) -> dict[str, Any]:
        """What a prediction or log records about the adapter."""
        return {
            "name": self.name,
            "path": str(self.path),
            "base_model": self.base_model,
            "lora_rank": self.rank,
            "weights_sha256": self.weights_sha256(),
            "training_data_sha256": (self.card or {}).get("data_sha256"),
            "git_commit": (self.card or {}).get("git_commit"),
        }


def parse_adapter_spec(spec: str) -> Adapter:
    """`NAME=PATH` or `PATH` (named after its folder), as `--adapter` takes it."""
    name, sep, path = spec.partition("=")
    if not sep:
        return Adapter.from_path(spec)
    if not name or not re.fullmatch(r"[A-Za-z0-9._-]+", name):
        raise AdapterError(f"--adapter {spec!r}: NAME must be letters, digits, '.', '_' or '-' (NAME=PATH)")
    return Adapter.from_path(path, name)


def canonical_model_name(model: str) -> str:
    """A base model's name for comparison: a Hugging Face cache snapshot becomes its hub id, a local folder its
    resolved path, a hub id stays as it is."""
    text = model.rstrip("/")
    match = _HUB_CACHE_PATH.search(text)
    if match:
        return f"{match.group(1)}/{match.group(2)}"
    path = Path(text).expanduser()
    if path.exists():
        return str(path.resolve())
    return text


def same_base_model(a: str, b: str) -> bool:
    return canonical_model_name(a) == canonical_model_name(b)


def check_adapter_base(adapter: Adapter, served_base: str) -> None:
    """Refuse an adapter served on a base model other than the one it was trained on.

    A LoRA adapter's weights are deltas for one base model's layers; on another base (even one with the same
    shapes) it generates nonsense that would be scored as if it were the adapter.

    Raises:
        AdapterError: the two differ; the message names both.
    """
    if not same_base_model(adapter.base_model, served_base):
        raise AdapterError(
            f"adapter {adapter.name!r} ({adapter.path}) was trained on base model {adapter.base_model!r}, not on "
            f"{served_base!r}; serve it on {adapter.base_model!r}"
        )


def check_adapters(adapters: list[Adapter], base: str) -> None:
    """Every adapter trained on `base`, and no two with one name (a name is how requests and tables pick one)."""
    names = [adapter.name for adapter in adapters]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise AdapterError(f"two adapters named {', '.join(duplicates)}; name them with NAME=PATH")
    for adapter in adapters:
        check_adapter_base(adapter, base)


def check_device(device: str | None, flag: str = "--device ") -> None:
    """Refuse, before any weights load, a device this torch cannot use (`cuda` on a machine or a torch build without
    CUDA, `mps` off Apple silicon): torch's own error is an assertion deep inside the load. `flag` is how the user
    passed it ("--device ", "-M device=")."""
    if not device:
        return
    import torch

    kind = device.split(":", 1)[0]
    if kind == "cuda" and not torch.cuda.is_available():
        raise UsageError(f"{flag}{device}: this torch sees no CUDA GPU here (torch.cuda.is_available() is False); "
                         "leave the device out (a GPU is then used when there is one) or use cpu")  # fmt: skip
    if kind == "mps" and not torch.backends.mps.is_available():
        raise UsageError(f"{flag}{device}: Apple's MPS is not available here; leave the device out or use cpu")


def check_model_exists(name: str, what: str = "model") -> None:
    """Fail at once, in one line, when `name` is neither a local folder nor a model on the Hugging Face hub.

    transformers takes a name that is not a folder for a hub id and retries the hub for a minute before it fails
    with a long `OSError`; a mistyped adapter path deserves better. A name shaped like a path (`./x`, `/x`, `~/x`,
    `a/b/c`) is looked for on disk only; an `org/name` is looked for in the local hub cache, then on the hub.

    Raises:
        AdapterError: not on disk, and not a hub model (or the hub cannot be reached to tell).
    """
    local = Path(name).expanduser()
    if local.exists():
        return
    if name.startswith((".", "/", "~")) or name.count("/") != 1 or name.endswith("/"):
        raise AdapterError(f"{name}: no such {what} folder (from {command_dir()})")
    from huggingface_hub import HfApi, try_to_load_from_cache
    from huggingface_hub.errors import RepositoryNotFoundError

    if any(isinstance(try_to_load_from_cache(name, file), str) for file in (ADAPTER_CONFIG, "config.json")):
        return
    folder_note = f"{name}: no such {what} folder here ({command_dir()})"
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        raise AdapterError(f"{folder_note}, and not in the Hugging Face cache (HF_HUB_OFFLINE is set)")
    try:
        HfApi().model_info(name, timeout=10)
    except RepositoryNotFoundError as error:
        raise AdapterError(f"{folder_note}, nor a model on the Hugging Face hub") from error
    except Exception as error:  # noqa: BLE001 - any network failure means the same to the user
        if getattr(getattr(error, "response", None), "status_code", None) in (401, 403):
            return  # a gated or private model exists; loading it says what access is missing
        raise AdapterError(
            f"{folder_note}, and the Hugging Face hub cannot be reached to look for it "
            f"({type(error).__name__}: {error}); check the path, or the network"
        ) from error


def vllm_max_lora_rank(adapters: list[Adapter]) -> int:
    """The smallest `--max-lora-rank` vLLM accepts that fits every adapter (vLLM's default, 16, may not)."""
    ranks = [adapter.rank for adapter in adapters if adapter.rank]
    needed = max(ranks, default=VLLM_LORA_RANKS[0])
    for allowed in VLLM_LORA_RANKS:
        if allowed >= needed:
            return allowed
    raise AdapterError(f"LoRA rank {needed} is above vLLM's largest --max-lora-rank, {VLLM_LORA_RANKS[-1]}")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = parse_json_document(read_text_file(path, "a JSON object"), path, "a JSON object")
    except UsageError as error:
        raise AdapterError(str(error)) from error
    if not isinstance(data, dict):
        raise AdapterError(f"{path}: expected a JSON object")
    return data


def check_talker_adapter(model: Any) -> None:
    """Refuse, while a task is built, a `vllm/<base>:<adapter folder>` talker whose adapter has another base.

    Inspect's `vllm/` provider loads any adapter on any base. `trtutor/peft/...` checks in its constructor, and
    `trtutor serve` before the server starts; an adapter preloaded on a server by name cannot be read from here.
    """
    api = getattr(model, "api", None)
    lora = getattr(api, "adapter", None)
    base = getattr(api, "base_model", None)
    path = getattr(lora, "path", None)
    if isinstance(base, str) and isinstance(path, str) and (Path(path) / ADAPTER_CONFIG).is_file():
        check_adapter_base(Adapter.from_path(path), base)
