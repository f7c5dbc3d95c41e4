"""`trtutor eval-adapters`: the base model, N talker adapters and the human-teacher baseline on the same samples
with the same judge, in one `inspect eval-set`, then the leaderboard.

    trtutor eval-adapters --base Qwen/Qwen2.5-7B-Instruct --adapter r16=adapters/talker-r16 \\
        --adapter r64=adapters/talker-r64 --judge llm --grader openai/gpt-4o --out results/talker-rank

Engines: `vllm` (GPU) reaches the server `trtutor serve` started when `VLLM_BASE_URL` is set (adapters by name),
else lets Inspect's `vllm/` provider start one (vLLM importable here), with `max_loras` and `max_lora_rank` set
for the adapters; `peft` runs each talker with transformers + PEFT through `trtutor/peft` (CPU works). Every talker
decodes greedily with the same `max_tokens`. Each adapter is linked as `<log_dir>/adapters/<NAME>`, so the logs and
the table name it as given. Every talker's task leaves out the problems any of the adapters was trained on (their
`trained_problems.json`, passed as `-T trained_problems=`), so all rows share one sample set.
"""

from __future__ import annotations

import contextvars
import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from trtutor.adapters import Adapter, check_adapters, parse_adapter_spec, vllm_max_lora_rank
from trtutor.errors import UsageError
from trtutor.providers.replay import BASELINE_STRATEGIES

EvalEngine = Literal["vllm", "peft"]
HUMAN_TEACHER_MODEL = "trtutor/human-teacher"
BASELINE_MODEL = "trtutor/baseline"


@dataclass
class EvalAdaptersConfig:
    """`trtutor eval-adapters`'s settings."""

    base: str
    adapters: list[str]  # NAME=PATH or PATH
    engine: EvalEngine = "vllm"
    judge: str = "offline"
    grader: str | None = None  # the `grader` role, for judge=llm; several, comma-separated: a jury
    task: str = "socratic"  # or "mrbench", or "mathtutorbench" (its nine tasks)
    task_args: dict[str, Any] = field(default_factory=dict)
    log_dir: str = "logs/eval-adapters"
    out: str | None = None  # leaderboard folder; None: no files, the table is still returned
    limit: int | None = None
    max_tokens: int | None = None  # None: 256 for a talker's turn; MathTutorBench's own 2,048 for its tasks
    max_connections: int = 32  # per model: each talker, and the grader
    include_base: bool = True
    include_human: bool = True
    device: str | None = None  # peft engine
    baselines: bool = False  # also the degenerate baseline talkers: the leaderboard's floor
    prices: str | None = None  # a price table (leaderboard/cost.py) for the rows' US dollars; None: tokens only
    judge_card: str | None = None  # the judge's card (trtutor judge-card); None: the offline judges' own, or none


def check_card_fits(config: EvalAdaptersConfig) -> None:
    """Refuse, before any run, a judge card that is not the card of the judge these runs will use."""
    from trtutor.leaderboard.logs import judge_description
    from trtutor.scorers.judge_card import read_card
    from trtutor.scorers.offline.judges_version import JUDGES_VERSION

    assert config.judge_card is not None
    card = read_card(config.judge_card)
    judge = judge_description({"judge": config.judge, "offline_judges_version": JUDGES_VERSION}, graders(config))
    if card.judge != judge:
        raise UsageError(f"--judge-card {config.judge_card} is the card of {card.judge}, and these runs' judge is "
                         f"{judge}")  # fmt: skip


def graders(config: EvalAdaptersConfig) -> list[str]:
    """The models bound to the `grader` role: one, or a jury's several (`--grader a,b,c`), in the given order."""
    return [name.strip() for name in (config.grader or "").split(",") if name.strip()]


def grader_role(config: EvalAdaptersConfig) -> dict[str, str | list[str]] | None:
    """The eval's model roles: one grader as a name (its log is a single grader's), a jury as a list."""
    bound = graders(config)
    if not bound:
        return None
    return {"grader": bound[0] if len(bound) == 1 else bound}


def check_graders(config: EvalAdaptersConfig) -> None:
    """Refuse, before any talker is loaded, judge=llm without a grader, or a grader whose provider is unknown or whose
    API key is not set: otherwise the talkers' turns would be generated (and paid for) before the judging failed."""
    from trtutor.bea_submit import check_grader

    if config.judge != "llm":
        return
    if not graders(config):
        raise UsageError("--judge llm needs --grader MODEL (the judge; a talker never grades itself), e.g. --grader "
                         "openai/gpt-4o, or a jury: --grader openai/gpt-4o,anthropic/claude-sonnet-4-0")  # fmt: skip
    for grader in graders(config):
        check_grader(grader)


def throughput_settings(max_connections: int) -> dict[str, Any]:
    """Eval settings for LLM-judged runs (measured in `benchmarks/judge_concurrency.py`, see results/perf.md).

    - `max_samples` 2 x `max_connections`: a sample calls the talker, then the judge; with Inspect's default (as many
      samples as connections) the two connection pools share the samples in flight and each stays half idle.
    - `log_realtime` off: the live sample buffer (for watching samples in `inspect view` while they run) costs about
      a third of the harness's CPU per sample; the finished log is the same.
    - `score_display` off: the live metrics are recomputed over every scored sample, for each of the three scorers.
    """
    return {"max_samples": 2 * max_connections, "log_realtime": False, "score_display": False}


@dataclass(frozen=True)
class Talker:
    """One row of the comparison: an Inspect model string and its model args."""

    model: str
    model_args: dict[str, Any] = field(default_factory=dict)


def link_adapters(adapters: list[Adapter], log_dir: str | Path) -> dict[str, Path]:
    """`<log_dir>/adapters/<NAME>` -> the adapter folder, so model strings (and tables) carry the adapter's name."""
    folder = Path(log_dir) / "adapters"
    folder.mkdir(parents=True, exist_ok=True)
    links = {}
    for adapter in adapters:
        link = folder / adapter.name
        if link.is_symlink() or link.exists():
            if link.resolve() != adapter.path:
                link.unlink()
        if not link.exists():
            link.symlink_to(adapter.path, target_is_directory=True)
        links[adapter.name] = link.absolute()
    return links


def plan_talkers(config: EvalAdaptersConfig) -> list[Talker]:
    """The talkers to evaluate, in table order: the human teacher, the baselines (when asked), the base model, then
    the adapters.

    Raises:
        AdapterError: an adapter trained on another base, or two with one name.
        ValueError: the vllm engine with neither a server (`VLLM_BASE_URL`) nor vLLM installed here.
    """
    adapters = [parse_adapter_spec(spec) for spec in config.adapters]
    check_adapters(adapters, config.base)
    talkers = [Talker(HUMAN_TEACHER_MODEL)] if config.include_human else []
    if config.baselines:
        talkers += [Talker(BASELINE_MODEL, {"strategy": strategy}) for strategy in BASELINE_STRATEGIES]
    if config.engine == "peft":
        links = link_adapters(adapters, config.log_dir)
        device = {"device": config.device} if config.device else {}
        if config.include_base:
            talkers.append(Talker(f"trtutor/peft/{config.base}", device))
        talkers += [Talker(f"trtutor/peft/{links[a.name]}", device) for a in adapters]
        return talkers
    if os.environ.get("VLLM_BASE_URL"):  # `trtutor serve` registered the adapters by name
        names = [a.name for a in adapters]
    elif importlib.util.find_spec("vllm") is not None:
        links = link_adapters(adapters, config.log_dir)
        names = [str(links[a.name]) for a in adapters]
    else:
        raise ValueError(
            "engine vllm: set VLLM_BASE_URL to a server started with `trtutor serve --base ... --adapter ...`, or "
            "install vLLM in this environment so that Inspect starts one; without a GPU use --engine peft"
        )
    lora = {"max_loras": len(adapters), "max_lora_rank": vllm_max_lora_rank(adapters)} if adapters else {}
    if config.include_base:
        talkers.append(Talker(f"vllm/{config.base}", lora))
    talkers += [Talker(f"vllm/{config.base}:{name}", lora) for name in names]
    return talkers


def task_function(name: str) -> Any:
    """The task function for `socratic` or `mrbench` (also as `trtutor/...`). Passed as a function, not a name: a
    name like `trtutor/socratic` would be read as a path inside this repository's `trtutor/` folder."""
    from trtutor.tasks.mrbench import mrbench
    from trtutor.tasks.socratic import socratic

    tasks = {"socratic": socratic, "mrbench": mrbench}
    short = name.removeprefix("trtutor/")
    if short not in tasks:
        raise ValueError(f"unknown task {name!r}; one of: {', '.join(tasks)}")
    return tasks[short]


def mathtutorbench_task_functions() -> list[Any]:
    """MathTutorBench's nine task functions, in its leaderboard's order."""
    import importlib

    from trtutor.mathtutorbench.benchmark import TASKS

    return [getattr(importlib.import_module(f"trtutor.tasks.mathtutorbench.{name}"), name) for name in TASKS]


def trained_problem_lists(config: EvalAdaptersConfig) -> list[str]:
    """Every talker's `-T trained_problems=`: the user's, and every adapter's folder. Each adapter's task would
    otherwise leave out only its own training problems (and the base and human teacher none), and the rows would not
    share one sample set."""
    given = config.task_args.get("trained_problems") or []
    given = given.split(",") if isinstance(given, str) else list(given)
    return [*given, *(str(parse_adapter_spec(spec).path) for spec in config.adapters)]


def check_reward_model(config: EvalAdaptersConfig, mathtutorbench: bool) -> None:
    """Refuse a reward model that cannot be found before any talker is loaded (a base model on the CPU takes
    minutes), with the task's own message: MathTutorBench's teacher-response tasks use one by default.

    Raises:
        UsageError: neither a folder nor a hub model (or in the hub's cache, offline); says `-T reward_model=none`.
    """
    from trtutor.scorers.pedagogical_reward import DEFAULT_REWARD_MODEL, reward_model_name

    reward_model = config.task_args.get("reward_model", DEFAULT_REWARD_MODEL if mathtutorbench else None)
    if reward_model is not None:
        reward_model_name(str(reward_model))


def eval_adapters(config: EvalAdaptersConfig) -> tuple[list[str], Any]:
    """Run the eval set and build the leaderboard (written to `config.out` when given).

    Returns:
        The log files, and the `Leaderboard`.

    Raises:
        UsageError: the reward model cannot be found (MathTutorBench's by default, for `mathtutorbench`); the price
            table (`config.prices`) cannot be read, or is given with `mathtutorbench`; judge=llm without a grader, or
            a grader of an unknown provider or without its API key.
        RuntimeError: some evaluation did not succeed; the message names them and how to resume.
    """
    from inspect_ai import eval_set
    from inspect_ai.model import GenerateConfig, get_model

    from trtutor.leaderboard import build_leaderboard, read_logs, write_leaderboard
    from trtutor.leaderboard.cost import load_prices
    from trtutor.leaderboard.logs import local_path

    mathtutorbench = config.task.removeprefix("trtutor/") == "mathtutorbench"
    if config.prices and mathtutorbench:
        raise UsageError("--prices prices the talker table's rows; MathTutorBench's table has no cost columns")
    prices = load_prices(config.prices) if config.prices else None  # a bad table stops it before anything is paid
    if config.judge_card:
        check_card_fits(config)  # likewise a card of another judge
    check_reward_model(config, mathtutorbench)
    if not mathtutorbench:  # MathTutorBench's tasks have no grader
        check_graders(config)
    talkers = plan_talkers(config)
    if mathtutorbench:  # its tasks have no human-teacher sample store, and their own decoding settings
        talkers = [t for t in talkers if t.model not in (HUMAN_TEACHER_MODEL, BASELINE_MODEL)]
        generate = GenerateConfig(temperature=0.0, max_tokens=config.max_tokens)
        tasks, task_args = mathtutorbench_task_functions(), dict(config.task_args)
        # A task's own config (MathTutorBench's 2,048 tokens) outranks a model's: --max-tokens must be eval-level.
        # Only here: these tasks have no grader, which an eval-level limit would also cut.
        eval_generate = {"max_tokens": config.max_tokens} if config.max_tokens else {}
    else:
        generate = GenerateConfig(temperature=0.0, max_tokens=config.max_tokens or 256)
        tasks = task_function(config.task)
        task_args = {**config.task_args, "judge": config.judge, "trained_problems": trained_problem_lists(config)}
        eval_generate = {}
    models = [get_model(t.model, config=generate, memoize=False, **t.model_args) for t in talkers]
    # In a copy of the context: eval_set() leaves its last active model set, and a task built afterwards in this
    # process would take that for an eval() in progress.
    success, logs = contextvars.copy_context().run(
        eval_set,
        tasks=tasks,
        model=models,
        task_args=task_args,
        model_roles=grader_role(config),
        log_dir=config.log_dir,
        limit=config.limit,
        retry_attempts=1,
        max_connections=config.max_connections,
        **throughput_settings(config.max_connections),
        **eval_generate,
    )
    files = [local_path(log.location) for log in logs]
    if not success:
        failed = [f"{log.eval.model}: {log.status}" for log in logs if log.status != "success"]
        raise RuntimeError(
            f"not every evaluation succeeded ({'; '.join(failed)}); run the same command again to resume "
            f"from {config.log_dir}"
        )
    if mathtutorbench:
        from trtutor.leaderboard.mathtutorbench import read_mathtutorbench_logs, write_mathtutorbench

        mtb = read_mathtutorbench_logs(files)
        if config.out:
            write_mathtutorbench(mtb, config.out)
        return files, mtb
    reference = "human teacher" if config.include_human else None
    board = build_leaderboard(read_logs(files), reference=reference, judge_card=config.judge_card, prices=prices)
    if config.out:
        write_leaderboard(board, config.out)
    return files, board
