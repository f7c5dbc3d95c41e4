"""What every paid pipeline stage needs around Inspect's model API: the API key checked before any work, secrets kept
out of outputs, resumable JSON Lines results, and a summary of tokens and cost."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trtutor.data.files import parse_json_document, parse_json_lines, read_text_file
from trtutor.errors import UsageError

# The environment variable each provider reads its key from (Inspect's providers).
API_KEY_VARIABLES = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "fireworks": "FIREWORKS_API_KEY",
    "together": "TOGETHER_API_KEY",
    "google": "GOOGLE_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "groq": "GROQ_API_KEY",
    "grok": "XAI_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
}

# US dollars per million input and output tokens; override with --prices FILE.json ({"model": [in, out]}).
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "openai/o3-mini": (1.10, 4.40),
    "openai/gpt-4o-mini": (0.15, 0.60),
    "openai/gpt-4o": (2.50, 10.00),
    "fireworks/accounts/fireworks/models/deepseek-r1": (3.00, 8.00),
}


class MissingApiKeyError(RuntimeError):
    """The model's provider needs a key that the environment does not have."""


def check_api_key(model: str) -> None:
    """Fail before any work when `model`'s provider needs an API key that is not set, naming the variable."""
    provider = model.split("/", 1)[0]
    variable = API_KEY_VARIABLES.get(provider)
    if variable and not os.environ.get(variable):
        raise MissingApiKeyError(f"{model} needs the environment variable {variable} (an API key); it is not set")


def pipeline_model(name: str, max_connections: int) -> Any:
    """The Inspect model a pipeline stage calls. `mockllm/...` (a dry run of the stage, no API) gets its token counts
    from the text's length: Inspect's own count for the mock model downloads a tokenizer, which fails offline."""
    from inspect_ai.model import GenerateConfig, get_model

    model_args: dict[str, Any] = {}
    if name.split("/", 1)[0] == "mockllm":
        model_args["custom_outputs"] = _mock_output
    return get_model(name, config=GenerateConfig(max_connections=max_connections), **model_args)


def _mock_output(input: list[Any], tools: Any, tool_choice: Any, config: Any) -> Any:
    """Inspect's mock reply, with usage estimated at four characters a token."""
    from inspect_ai.model import ModelOutput, ModelUsage
    from inspect_ai.model._providers.mockllm import MockLLM

    output = ModelOutput.from_content(model="mockllm", content=MockLLM.default_output)
    input_tokens = -(-sum(len(message.text) for message in input) // 4)
    output_tokens = -(-len(output.completion) // 4)
    output.usage = ModelUsage(input_tokens=input_tokens, output_tokens=output_tokens,
                              total_tokens=input_tokens + output_tokens)  # fmt: skip
    return output


def redact_secrets(text: str) -> str:
    """`text` with the value of every API key variable (and any `Authorization` value) replaced by `***`."""
    for variable in (*API_KEY_VARIABLES.values(), "AUTHORIZATION", "HF_TOKEN", "WANDB_API_KEY"):
        value = os.environ.get(variable)
        if value and len(value) >= 8:
            text = text.replace(value, "***")
    return text


def load_prices(path: str | None) -> dict[str, tuple[float, float]]:
    """The price table (US dollars per million input and output tokens), with `path`'s entries over the built-in
    ones: the leaderboard's table (Inspect's model cost format, `trtutor.leaderboard.cost`), so one file prices a
    whole run, or JSON `{"model": [usd_per_million_input, usd_per_million_output]}`."""
    prices = dict(PRICES_PER_MILLION)
    if path:
        what = 'prices as JSON, {"model": [usd_per_million_input, usd_per_million_output]}'
        text = read_text_file(path, what)
        if not text.lstrip().startswith(("{", "[")) or '"input"' in text:  # YAML, or JSON of Inspect's format
            from trtutor.leaderboard.cost import load_prices as load_price_table

            table = load_price_table(path)
            return prices | {model: (cost.input, cost.output) for model, cost in table.models.items()}
        overrides = parse_json_document(text, path, what)
        if not isinstance(overrides, dict):
            raise UsageError(f"{path}: expected {what}")
        for model, pair in overrides.items():
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, int | float) for x in pair)):
                raise UsageError(f"{path}: {model!r}: expected [usd_per_million_input, usd_per_million_output]")
            prices[model] = (float(pair[0]), float(pair[1]))
    return prices


class ResultsFile:
    """Results appended one JSON line per item, so a killed run loses nothing finished and a re-run skips it.

    Each record is written with one `write` on a file opened for appending and flushed at once; a line cut short by
    a kill is dropped (and the file truncated to its last whole line) when the file is opened again.
    """

    def __init__(self, path: str | Path, key: str = "sample_id") -> None:
        self.path = Path(path)
        self.key = key
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.finished: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            self._recover()
        self._file = self.path.open("a", encoding="utf-8")

    def _recover(self) -> None:
        data = self.path.read_bytes()
        whole = data[: data.rfind(b"\n") + 1]
        if len(whole) != len(data):  # a partial last line from a killed run
            with self.path.open("r+b") as file:
                file.truncate(len(whole))
        try:
            text = whole.decode("utf-8")
        except UnicodeDecodeError as error:
            line = whole[: error.start].count(b"\n") + 1
            raise UsageError(f"{self.path}, line {line}: not UTF-8 (byte {error.start}); not a results file this "
                             "command wrote") from error  # fmt: skip
        for number, record in parse_json_lines(text, self.path):
            key = record.get(self.key) if isinstance(record, dict) else None
            if not isinstance(key, str) or not key or len(key) > 1_000:
                raise UsageError(f"{self.path}, line {number}: a record without a short string {self.key!r}; not "
                                 "a results file this command wrote")  # fmt: skip
            if key in self.finished:
                raise UsageError(f"{self.path}, line {number}: {self.key} {key!r} appears twice (two runs writing "
                                 "one file?); keep one of the two lines")  # fmt: skip
            self.finished[key] = record

    def append(self, record: dict[str, Any]) -> None:
        line = redact_secrets(json.dumps(record, ensure_ascii=False)) + "\n"
        self._file.write(line)
        self._file.flush()
        os.fsync(self._file.fileno())
        self.finished[str(record[self.key])] = record

    def close(self) -> None:
        self._file.close()

    def records(self) -> Iterator[dict[str, Any]]:
        return iter(self.finished.values())


@dataclass
class RunSummary:
    """Items done, failed and skipped, tokens, and the cost when the model's price is known."""

    model: str
    done: int = 0
    failed: int = 0
    skipped: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def cost(self, prices: dict[str, tuple[float, float]]) -> float | None:
        price = prices.get(self.model)
        if price is None:
            return None
        return (self.input_tokens * price[0] + self.output_tokens * price[1]) / 1_000_000

    def lines(self, prices: dict[str, tuple[float, float]]) -> list[str]:
        cost = self.cost(prices)
        lines = [
            f"items: {self.done} done, {self.failed} failed, {self.skipped} skipped (finished in an earlier run)",
            f"tokens: {self.input_tokens:,} in, {self.output_tokens:,} out (this run)",
            f"estimated cost: ${cost:.4f}"
            if cost is not None
            else f"estimated cost: unknown (no price for {self.model})",
        ]
        lines += [f"{name}: {value}" for name, value in self.extra.items()]
        return lines
