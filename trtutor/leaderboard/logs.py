"""Read Inspect logs into one frame of sample scores per talker, with the provenance that must match across rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import pandas as pd

from trtutor.leaderboard.cost import TalkerUsage, talker_usage
from trtutor.mathtutorbench.benchmark import TASKS as MATHTUTORBENCH_TASKS
from trtutor.scorers.strategy import MIN_CONVERSATIONS, flag_reasons
from trtutor.trained_problems import METADATA_KEY as EXCLUDED_TRAINED
from trtutor.trained_problems import exclusion_label

# our three scorers, MRBench's eight dimensions (`-T rubric=mrbench`), and the pairwise win rate
METRICS = (
    "socratic",
    "answer_leakage",
    "correctness",
    "mistake_identification",
    "mistake_location",
    "revealing_of_the_answer",
    "providing_guidance",
    "actionability",
    "coherence",
    "tutor_tone",
    "humanlikeness",
    "pairwise",
)
REPLAY_SUFFIX = " (MRBench)"  # a trtutor/mrbench-replay talker is "<tutor> (MRBench)"; judge cards know it by tutor
LOWER_IS_BETTER = {"answer_leakage", "revealing_of_the_answer"}
# Fields that must be equal for rows to share a table (different judges, prompts or samples are not comparable).
# `excluded_trained`: which trained-on problems the task left out or flagged (trtutor/trained_problems.py); before
# `sample_ids`, which then differ too, so that the refusal names the cause.
PROVENANCE_FIELDS = ("task", "task_version", "dataset", "judge", "prompt_sha256", "excluded_trained", "sample_ids")


class NoTalkerLogsError(ValueError):
    """No tasks/socratic.py or tasks/mrbench.py log among the logs."""


class MixedLogsError(ValueError):
    """Logs that differ in a provenance field; the message names the field and the differing values."""


class IncompleteLogsError(ValueError):
    """A talker log that did not finish (error, cancelled, started) or has samples that ended in an error."""


@dataclass
class LeaderboardData:
    """Scores of every sample of every talker, and the provenance of the logs."""

    samples: pd.DataFrame  # columns: talker, sample_id, conversation_id, and one column per metric
    provenance: dict[str, Any]
    mixed: dict[str, list[str]] = field(default_factory=dict)  # field -> differing values (with --allow-mixed)
    agreement: list[dict[str, Any]] = field(default_factory=list)  # judge_agreement results, when given
    missing: dict[str, int] = field(default_factory=dict)  # talker -> samples planned but not scored (incomplete logs)
    flags: dict[str, str] = field(default_factory=dict)  # talker -> why the `strategy` scorer flagged it
    usage: dict[str, TalkerUsage] = field(default_factory=dict)  # talker -> tokens of its scored samples
    # talker -> its conversations, where too few for `strategy` to read (it flags nothing under MIN_CONVERSATIONS)
    strategy_unread: dict[str, int] = field(default_factory=dict)


def log_files(paths: list[str]) -> list[str]:
    """Every Inspect log (`.eval`, or `.json` named as Inspect names logs) under the given files and folders.

    A folder is listed as Inspect lists a log folder, so an eval set's own files (`eval-set.json`, `logs.json`)
    and anything else in it are not read as logs. `file://` locations (what Inspect returns) are local paths.
    """
    from inspect_ai.log import list_eval_logs, read_eval_log

    files: list[str] = []
    for given in paths:
        path = Path(local_path(given))
        if path.is_dir():
            files += sorted(local_path(info.name) for info in list_eval_logs(str(path.absolute()), descending=False))
        elif path.is_file():
            files.append(str(path))
        else:
            raise ValueError(f"{given}: no such log file or folder")
    if not files:
        raise ValueError(f"no Inspect logs under {', '.join(paths)}")
    # a log cut short: named, not "EOCD not found" from inside a folder (a file of another kind is no log at all, which
    # the readers say in their own words)
    for file in (file for file in files if Path(file).suffix in (".eval", ".json")):
        try:
            read_eval_log(file, header_only=True)
        except Exception as error:  # noqa: BLE001 - whatever the reader raises, the file is what to name
            raise ValueError(f"{file}: not a readable Inspect log ({type(error).__name__}: {error})") from error
    return files


def newest_log(location: str, task: str, keep: Callable[[dict[str, Any]], bool] | None = None,
               what: str = "log") -> str:  # fmt: skip
    """The log at `location`: the file itself, or the newest log of `task` in a folder (`keep`: only those whose
    task metadata it accepts; `what` names them in the error when there is none)."""
    from inspect_ai.log import read_eval_log

    if not Path(location).exists():
        raise FileNotFoundError(f"{location}: no such log file or folder")
    if not Path(location).is_dir():
        return log_files([location])[0]  # read, so a broken file is named
    found = []
    for path in log_files([location]):
        header = read_eval_log(path, header_only=True).eval
        if header.task.rsplit("/", 1)[-1] == task and (keep is None or keep(header.metadata or {})):
            found.append((header.created, path))
    if not found:
        raise ValueError(f"{location}: no tasks/{task} {what} in this folder")
    return max(found)[1]


def local_path(location: str) -> str:
    """A log location as a local path: `file:///x/y.eval` (Inspect's form) is `/x/y.eval`."""
    if location.startswith("file:"):
        return url2pathname(urlparse(location).path)
    return location


def talker_name(model: str, model_args: dict[str, Any] | None) -> str:
    """The name a talker has in a table: adapters by adapter name, replayed tutors by tutor, the human teacher."""
    if model == "trtutor/human-teacher":
        return "human teacher"
    if model == "trtutor/mrbench-replay":
        return f"{(model_args or {}).get('tutor', '?')}{REPLAY_SUFFIX}"
    if model == "trtutor/baseline":
        return f"baseline: {(model_args or {}).get('strategy', '?')}"
    if model == "trtutor/replay":  # saved generations, by their file's name
        return f"replay: {Path(str((model_args or {}).get('outputs', '?'))).stem}"
    if model.startswith("vllm/") and ":" in model:
        return _folder_name(model.split(":", 1)[1])  # vllm/<base>:<adapter name, path or hub id>
    if model.startswith("trtutor/peft/"):
        return _folder_name(model.removeprefix("trtutor/peft/"))
    if model.startswith("openai-api/transformers/"):  # `trtutor serve --engine transformers`: merged adapters
        return _folder_name(model.removeprefix("openai-api/transformers/"))
    return model


def _folder_name(adapter: str) -> str:
    """A local adapter folder by its name (what `trtutor serve` and `eval-adapters` name it); a hub id as it is."""
    return Path(adapter).name if adapter.startswith(("/", ".", "~")) else adapter


def read_logs(
    paths: list[str], *, allow_mixed: bool = False, allow_incomplete: bool = False, quiet: bool = True
) -> LeaderboardData:
    """Read talker logs (tasks/socratic.py or tasks/mrbench.py) and judge-agreement logs.

    Raises:
        MixedLogsError: logs that differ in task, dataset, judge, prompts or sample set, unless `allow_mixed`.
        IncompleteLogsError: a talker log whose status is not success (error, cancelled, still running), or with
            samples that ended in an error, unless `allow_incomplete`; then the samples it lacks are counted per
            talker (`missing`) and shown in the table.
    """
    from inspect_ai.analysis import EvalColumn, EvalColumns, SampleColumn, SampleSummary, evals_df, samples_df

    files = log_files(paths)
    # Inspect's own "model_args" column reads eval.model_base_url (inspect-ai 0.3.285), so read the arguments here.
    columns = [*EvalColumns, EvalColumn("talker_model_args", path="eval.model_args")]
    evals = evals_df(files, columns=columns, quiet=quiet)
    if evals.empty:
        raise ValueError(f"no Inspect evaluation log among {', '.join(files[:5])}" + (" ..." if len(files) > 5 else ""))
    finished = evals["status"] == "success"
    agreement_logs = evals[(evals["task_name"] == "judge_agreement") & finished]
    # interactive logs make curves (trtutor/leaderboard/curves.py), not rows of this table
    # and MathTutorBench logs their own table (trtutor/leaderboard/mathtutorbench.py); a stress-test log is the judges'
    # battery, many talkers in one log (`trtutor stress-test` tabulates it), no talker of its own
    not_talkers = ["judge_agreement", "interactive", "stress_test", *MATHTUTORBENCH_TASKS]
    talker_logs = evals[~evals["task_name"].astype(str).str.rsplit("/", n=1).str[-1].isin(not_talkers)]
    if talker_logs.empty:
        raise NoTalkerLogsError("no talker logs (tasks/socratic.py or tasks/mrbench.py) among the logs")
    # only the columns a table needs: reading every summary column of thousands of samples is most of the time
    needed = [
        column for column in SampleSummary if column.name in ("id", "metadata_*", "score_*", "error", "model_usage")
    ]
    needed.append(SampleColumn("role_usage", path="role_usage"))  # tokens by model role: the judges' (cost.py)
    samples = samples_df(talker_logs["log"].tolist(), columns=needed, quiet=quiet)
    no_error = pd.Series("", index=samples.index)
    failed = samples.get("error", no_error).fillna("").astype(str).str.len() > 0  # the sample ended in an error
    incomplete = _incomplete(talker_logs, samples, failed)  # log -> what it lacks
    problems = [f"{log}: {reason}" for log, reason in incomplete.items()]
    if problems and not allow_incomplete:
        raise IncompleteLogsError(
            "; ".join(problems[:5])
            + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
            + ". A table of unfinished runs would compare talkers on different samples: finish them (`inspect "
            "eval-retry LOG`), or pass --allow-incomplete to build it anyway, with the missing samples counted."
        )
    samples = samples[~failed]

    frames, provenances, missing, flags, usage, unread = [], [], {}, {}, {}, {}
    complete_ids: set[str] = set()  # the samples the finished runs scored: what an unfinished run lacks is counted
    for _, row in talker_logs.iterrows():
        metadata = _json(row.get("metadata"))
        model_args = _json(row.get("talker_model_args")) or {"tutor": metadata.get("replayed_tutor")}
        talker = talker_name(str(row["model"]), model_args)
        rows = samples[samples["log"] == row["log"]]
        frame = pd.DataFrame(
            {
                "talker": talker,
                "sample_id": rows["id"].astype(str),
                "conversation_id": rows.get("metadata_conversation_id", rows["id"]).astype(str),
            }
        )
        for metric in METRICS:
            column = f"score_{metric}"
            frame[metric] = pd.to_numeric(rows[column], errors="coerce") if column in rows else float("nan")
        frames.append(frame)
        no_usage = pd.Series(None, index=rows.index, dtype=object)
        usage[talker] = talker_usage(
            rows.get("model_usage", no_usage), rows.get("role_usage", no_usage), str(row["model"])
        )
        if flag := strategy_flag(row):
            flags[talker] = flag
        conversations = pd.to_numeric(row.get("score_strategy_conversations"), errors="coerce")
        if pd.notna(conversations) and conversations < MIN_CONVERSATIONS:
            unread[talker] = int(conversations)
        if row["log"] not in incomplete:
            complete_ids |= set(frame["sample_id"])
            missing[talker] = 0  # a finished run may answer fewer samples by design (MRBench's Novice)
        else:
            planned = int(row["total_samples"]) if pd.notna(row.get("total_samples")) else len(frame)
            missing[talker] = max(planned - len(frame), 0)
        graders = role_models(_json(row.get("model_roles")), "grader")
        judge = judge_description(metadata, graders)
        provenances.append(
            {
                "talker": talker,
                "task": str(row["task_name"]),
                "task_version": str(row["task_version"]),
                "dataset": metadata.get("data_sha256") or str(row.get("dataset_location", "")),
                "judge": judge,
                "prompt_sha256": json.dumps(metadata.get("prompt_sha256", {}), sort_keys=True),
                "excluded_trained": exclusion_label(metadata.get(EXCLUDED_TRAINED)),  # older logs: none
                "excluded_trained_samples": int((metadata.get(EXCLUDED_TRAINED) or {}).get("count") or 0),
                "sample_ids": _fingerprint(sorted(frame["sample_id"])),
                "samples": len(frame),
                "harness_version": metadata.get("harness_version", "?"),
                "created": str(row.get("created", "")),
                "log": str(row["log"]),
            }
        )
    if complete_ids:  # against the finished runs' sample set (an error log's own count stops where it stopped)
        for p, frame in zip(provenances, frames, strict=True):
            if p["log"] in incomplete:
                missing[p["talker"]] = max(missing[p["talker"]], len(complete_ids - set(frame["sample_id"])))
    logs_of: dict[str, list[str]] = {}
    for p in provenances:
        logs_of.setdefault(p["talker"], []).append(p["log"])
    if repeated := {talker: logs for talker, logs in logs_of.items() if len(logs) > 1}:
        talker, logs = next(iter(repeated.items()))
        raise ValueError(
            f"{len(logs)} logs for the talker {talker!r} ({', '.join(logs)}): pass one log per talker, as files, or "
            "give each talker's runs a folder of their own (inspect eval ... --log-dir logs/<talker>)"
        )

    mixed = {}
    for name in PROVENANCE_FIELDS:
        groups: dict[str, list[str]] = {}
        for p in provenances:
            if name == "sample_ids" and p["log"] in incomplete:
                continue  # an unfinished run lacks samples by definition; the table counts them (--allow-incomplete)
            groups.setdefault(str(p[name]), []).append(p["talker"])
        if len(groups) > 1:
            mixed[name] = who_holds_each(groups)
    if mixed and not allow_mixed:
        name, values = next(iter(mixed.items()))
        # the trained problems differ when an adapter's run left its training problems out and the others did not
        how = ("run every talker with -T trained_problems=<the adapter folders> so that all leave the same problems "
               "out" if name == "excluded_trained" else "re-run them alike")  # fmt: skip
        raise MixedLogsError(
            f"logs differ in {name} ({' vs '.join(values[:3])}); a table compares like with like. "
            f"To fix it, {how}, or pass --allow-mixed to mark the table as mixed."
        )
    first = provenances[0]
    provenance = {name: first[name] for name in (*PROVENANCE_FIELDS, "harness_version")}
    provenance["prompt_sha256"] = json.loads(first["prompt_sha256"])
    provenance["samples"] = max(p["samples"] for p in provenances)
    provenance["excluded_trained_samples"] = max(p["excluded_trained_samples"] for p in provenances)
    provenance["logs"] = [{"talker": p["talker"], "log": p["log"], "created": p["created"]} for p in provenances]
    agreement = [_agreement(row) for _, row in agreement_logs.iterrows()]
    return LeaderboardData(pd.concat(frames, ignore_index=True), provenance, mixed, agreement, missing, flags, usage,
                           unread)  # fmt: skip


def role_models(roles: Mapping[str, Any] | None, role: str = "grader") -> list[str]:
    """The models a log's header binds to `role` (its JSON, or `EvalSpec.model_roles` itself): none, one, or a list
    of them (a jury of graders)."""
    bound = (roles or {}).get(role) or []
    return [str(config.get("model", "?")) if isinstance(config, Mapping) else str(getattr(config, "model", config))
            for config in (bound if isinstance(bound, list) else [bound])]  # fmt: skip


def judge_description(metadata: dict[str, Any], graders: list[str]) -> str:
    """The judge of a log as tables and judge cards name it: "offline judges v6" (the offline judges' version,
    when the log records it) or "llm: <grader model>, ..." (every grader of a jury)."""
    if metadata.get("judge") == "llm":
        return f"llm: {', '.join(graders) or '?'}"
    version = metadata.get("offline_judges_version")
    return "offline judges" + (f" v{version}" if version is not None else "")


def who_holds_each(groups: dict[str, list[str]]) -> list[str]:
    """`value (talkers)` for each value of a provenance field that differs across logs, the smallest groups first."""
    ordered = sorted(groups.items(), key=lambda item: len(item[1]))
    # a judge is named in full (a jury's graders, in their order); hashes and fingerprints are cut
    return [f"{value if value.startswith('llm: ') else value[:40]} ({', '.join(talkers[:3])}"
            f"{', …' if len(talkers) > 3 else ''})" for value, talkers in ordered]  # fmt: skip


def strategy_flag(row: pd.Series) -> str:
    """Why the log's `strategy` scorer flagged its talker (scorers/strategy.py), or "" when it did not (or the log
    predates it)."""
    flagged = row.get("score_strategy_flagged")
    if flagged is None or pd.isna(flagged) or float(flagged) != 1:
        return ""
    prefix = "score_strategy_"
    reasons = flag_reasons({name[len(prefix) :]: value for name, value in row.items() if str(name).startswith(prefix)})
    if reasons:
        return f"strategy: {reasons[0]}"
    # a flag that no figure explains today (a log from an older floor): its distinct frames, as before
    return f"strategy: {float(row.get(prefix + 'distinct_frames', 0)):.2f} distinct frames per turn"


def _incomplete(talker_logs: pd.DataFrame, samples: pd.DataFrame, failed: pd.Series) -> dict[str, str]:
    """What each unfinished talker log lacks: {log: phrase}."""
    problems = {}
    for _, row in talker_logs.iterrows():
        reasons = []
        if row["status"] != "success":
            done, planned = row.get("completed_samples"), row.get("total_samples")
            counts = f", {int(done)} of {int(planned)} samples done" if pd.notna(done) and pd.notna(planned) else ""
            error = row.get("error_message")  # NA (not None) for a run killed or still running
            message = str(error).strip().splitlines() if pd.notna(error) and error else []
            reasons.append(f"status {row['status']}{counts}" + (f" ({message[0][:120]})" if message else ""))
        errors = int((failed & (samples["log"] == row["log"])).sum())
        if errors:
            reasons.append(f"{errors} sample(s) ended in an error")
        if reasons:
            problems[str(row["log"])] = "; ".join(reasons)
    return problems


def _agreement(row: pd.Series) -> dict[str, Any]:
    # our three verdicts' metrics, or MRBench's dimensions' (their bootstrap bounds stay in the agreement log)
    prefixes = ("score_judge_agreement_", "score_rubric_agreement_")
    metrics = {
        str(column).split("_agreement_", 1)[1]: float(value)
        for column, value in row.items()
        if str(column).startswith(prefixes) and pd.notna(value) and not str(column).endswith(("_ci_low", "_ci_high"))
    }
    # named as talker logs' judges are, so a table can tell whether it is its own judge's agreement
    metadata = _json(row.get("metadata")) or {"judge": str(row.get("task_arg_judge", "?"))}
    judge = judge_description(metadata, role_models(_json(row.get("model_roles"))))
    return {"judge": judge, "data": str(row.get("dataset_location", "")), **metrics}


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value:
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return {}


def _fingerprint(values: list[str]) -> str:
    import hashlib

    return hashlib.sha256("\n".join(values).encode()).hexdigest()[:12]
