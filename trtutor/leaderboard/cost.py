"""What a leaderboard row cost: tokens per 1,000 scored turns from Inspect's token usage in the logs, split into the
talker's and the judges', and US dollars from a price table (`--prices FILE`) in Inspect's model cost format."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspect_ai.model import ModelCost, ModelUsage, compute_model_cost

from trtutor.data.files import read_text_file
from trtutor.errors import UsageError

TURNS = 1_000  # the costs are per this many scored turns (samples)
PRICE_FIELDS = tuple(ModelCost.model_fields)  # input, output, input_cache_write, input_cache_read
PRICES_FORMAT = (
    "a price table in YAML or JSON, Inspect's model cost format (the file `inspect eval --model-cost-config` reads): "
    f"model name -> {{{', '.join(PRICE_FIELDS)}}}, each in US dollars per million tokens"
)


@dataclass(frozen=True)
class Prices:
    """A price table: model name (as Inspect names it in a log, e.g. `openai/gpt-4o`) -> its prices."""

    source: str
    sha256: str
    models: dict[str, ModelCost]


@dataclass
class TalkerUsage:
    """The tokens one talker's scored samples used: the talker's, the judges', and each model's (for pricing)."""

    samples: int
    talker_tokens: int
    judge_tokens: int
    by_model: dict[str, ModelUsage] = field(default_factory=dict)

    @property
    def tokens(self) -> int:
        return self.talker_tokens + self.judge_tokens


def load_prices(path: str | Path) -> Prices:
    """Read and check a price table.

    Raises:
        UsageError: the file is missing or not YAML/JSON, or an entry is not four non-negative prices; the message
            names the file and the entry.
    """
    import yaml

    text = read_text_file(path, PRICES_FORMAT)
    try:
        document = yaml.safe_load(text)  # JSON is YAML too
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise UsageError(f"{path}{where}: not valid YAML or JSON; expected {PRICES_FORMAT}") from error
    if not isinstance(document, dict) or not document:
        raise UsageError(f"{path}: expected {PRICES_FORMAT}")
    models = {}
    for model, entry in document.items():
        if not isinstance(model, str) or not model.strip():
            raise UsageError(f"{path}: {model!r} is not a model name; expected {PRICES_FORMAT}")
        if not isinstance(entry, dict):
            raise UsageError(f"{path}: {model!r}: expected {{{', '.join(PRICE_FIELDS)}}}, got {entry!r}")
        missing = [name for name in PRICE_FIELDS if name not in entry]
        unknown = [str(name) for name in entry if name not in PRICE_FIELDS]
        if missing or unknown:  # a misspelt field would otherwise be a price silently left out
            problems = ([f"no {', '.join(missing)}"] if missing else []) + (
                [f"unknown field {', '.join(unknown)}"] if unknown else []
            )
            raise UsageError(
                f"{path}: {model!r}: {'; '.join(problems)}; expected {{{', '.join(PRICE_FIELDS)}}} in US dollars "
                "per million tokens (give a provider without cache prices its input price for both)"
            )
        for name, value in entry.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise UsageError(f"{path}: {model!r}: {name} {value!r} is not a price (US dollars per million tokens)")
        models[model] = ModelCost(**entry)
    return Prices(str(path), hashlib.sha256(text.encode()).hexdigest(), models)


def talker_usage(model_usage: Iterable[Any], role_usage: Iterable[Any], talker_model: str) -> TalkerUsage:
    """Sum the usage of one talker's scored samples (each sample's `model_usage` and `role_usage`, as Inspect logs
    them: model or role -> ModelUsage, or their JSON).

    The judges are the models bound to model roles (the `grader`, or a jury of graders), so their tokens are the
    samples' `role_usage`; the talker is the eval's own model, which has no role, so its tokens are the rest. That
    holds when a talker and its judge are the same model. A log written before Inspect kept `role_usage` has none:
    then the talker's tokens are its model's. Cached calls are not in the usage: they cost nothing.
    """
    by_model: dict[str, ModelUsage] = {}
    roles = ModelUsage()
    has_roles = False
    samples = 0
    for model_cell, role_cell in zip(model_usage, role_usage, strict=True):
        samples += 1
        for name, usage in _usages(model_cell).items():
            by_model[name] = by_model.get(name, ModelUsage()) + usage
        for usage in _usages(role_cell).values():
            roles += usage
            has_roles = True
    total = sum(usage.total_tokens for usage in by_model.values())
    if has_roles:
        judges = roles.total_tokens
    else:
        judges = total - by_model.get(talker_model, ModelUsage()).total_tokens
    return TalkerUsage(samples, total - judges, judges, by_model)


def cost_columns(usage: TalkerUsage | None, prices: Prices | None) -> dict[str, Any]:
    """The row's cost columns: tokens per 1,000 turns (all, the talker's, the judges'), and with a price table the
    dollars per 1,000 turns, left empty (NaN) when a model that used tokens has no price (`unpriced_models`).
    Without usage (a table built from scores alone) every figure is NaN: unknown, not free."""
    if usage is None:
        usage = TalkerUsage(samples=0, talker_tokens=0, judge_tokens=0)

    def per_turns(amount: float) -> float:
        return amount * TURNS / usage.samples if usage.samples else math.nan

    columns: dict[str, Any] = {
        "tokens_per_1k_turns": per_turns(usage.tokens),
        "talker_tokens_per_1k_turns": per_turns(usage.talker_tokens),
        "judge_tokens_per_1k_turns": per_turns(usage.judge_tokens),
    }
    if prices is not None:
        spent = _spending(usage)
        unpriced = [name for name in spent if name not in prices.models]
        dollars = sum(compute_model_cost(prices.models[name], u) for name, u in spent.items() if name in prices.models)
        columns["usd_per_1k_turns"] = math.nan if unpriced else per_turns(dollars)
        columns["unpriced_models"] = "; ".join(unpriced)
    return columns


def _spending(usage: TalkerUsage) -> dict[str, ModelUsage]:
    """The models that used tokens (one that used none needs no price: the human teacher, a replayed talker)."""
    return {name: u for name, u in usage.by_model.items() if u.total_tokens or u.input_tokens or u.output_tokens}


def _usages(cell: Any) -> dict[str, ModelUsage]:
    """A sample's usage column (a dict, its JSON, or nothing) as name -> ModelUsage."""
    if isinstance(cell, str):
        cell = json.loads(cell) if cell else {}
    if not isinstance(cell, dict):  # None or NaN: a sample with no usage recorded
        return {}
    return {str(name): usage if isinstance(usage, ModelUsage) else ModelUsage.model_validate(usage)
            for name, usage in cell.items()}  # fmt: skip
