"""`trtutor bea-submit`: our judges' predictions for every response of a BEA 2025 shared-task file, one file per track.

The responses are judged in an Inspect eval (retries, concurrency, caching, a log under `OUT/logs`) by the eight-
dimension judges of `scorers/rubric.py`, asked for the four tracks' dimensions only. Each track's predictions are
written in the format of the shared task's own files -- the input's records, with each response's `annotation`
holding only that track's label -- as `OUT/<track>/predictions.json` and zipped as `OUT/<track>.zip` (the
shared task's CodaBench pages take a zip). We could not find the official submission format in a source we can
read from here; the README says so.

A response the judge could not label (an unparseable reply) is left without a label in every file and listed;
the command then exits 1, so an incomplete submission is never mistaken for a complete one.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trtutor.errors import UsageError
from trtutor.scorers.judges import JudgeKind, check_judge

# track folder -> (dimension as the files name it, scorer name)
TRACKS: dict[str, tuple[str, str]] = {
    "track1_mistake_identification": ("Mistake_Identification", "mistake_identification"),
    "track2_mistake_location": ("Mistake_Location", "mistake_location"),
    "track3_providing_guidance": ("Providing_Guidance", "providing_guidance"),
    "track4_actionability": ("Actionability", "actionability"),
}


@dataclass
class BeaSubmitConfig:
    """What `trtutor bea-submit` reads, how it judges, and where it writes."""

    data: str
    out: str
    judge: JudgeKind = "offline"
    grader: str | None = None  # the `grader` role for judge="llm"
    max_connections: int = 32
    limit: int | None = None


@dataclass
class BeaSubmission:
    files: list[Path]
    responses: int
    unlabelled: list[str] = field(default_factory=list)  # responses left without a label on some track
    not_asked: int = 0  # responses beyond --limit: left without labels on purpose
    log: str = ""


def check_grader(grader: str) -> None:
    """Refuse, before any work, a grader whose provider is unknown or whose API key is not set: Inspect's own error
    would come from inside a run whose display is off."""
    from inspect_ai.model import get_model

    from trtutor.model_calls import MissingApiKeyError, check_api_key

    try:
        check_api_key(grader)
        get_model(grader, memoize=False)
    except (MissingApiKeyError, ValueError) as error:
        raise UsageError(f"--grader {grader}: {error}") from None


def bea_submit(config: BeaSubmitConfig) -> BeaSubmission:
    """Judge every response of `config.data` and write one predictions file per track under `config.out`."""
    from inspect_ai import Task, eval
    from inspect_ai.dataset import MemoryDataset

    from trtutor.data.files import read_text_file
    from trtutor.data.formats import detect_format
    from trtutor.data.mrbench import load_mrbench
    from trtutor.paths import user_path
    from trtutor.scorers.llm_judge import require_grader
    from trtutor.scorers.rubric import mrbench_rubric_scorers
    from trtutor.tasks.judge_agreement import replay_recorded_response, response_samples

    check_judge(config.judge)
    if config.judge == "llm" and not config.grader:
        raise UsageError("--judge llm needs --grader MODEL (e.g. --grader openai/gpt-4o-mini)")
    if config.judge == "llm":
        check_grader(str(config.grader))
    path = user_path(config.data)
    what = "a BEA 2025 shared-task file (e.g. trtutor/data/bundled/mrbench_v3_testset.json) or an MRBench file"
    read_text_file(path, what)  # a missing, empty or unreadable file is said as such, not as a wrong format
    if detect_format(path) not in ("bea2025", "mrbench"):
        raise UsageError(f"{path}: not a BEA 2025 or MRBench file (tutor_responses / anno_llm_responses)")
    conversations, _ = load_mrbench(path)
    samples = response_samples(conversations, labelled_only=False)
    dimensions = tuple(scorer_name for _, scorer_name in TRACKS.values())
    task = Task(
        dataset=MemoryDataset(samples, name="bea2025", location=path),
        setup=require_grader(config.judge == "llm"),
        solver=replay_recorded_response(),
        scorer=mrbench_rubric_scorers(config.judge, dimensions),
        name="bea_submit",
        metadata={"data": path, "judge": config.judge},
    )
    out = Path(config.out)
    [log] = eval(
        task,
        model="none",
        model_roles={"grader": config.grader} if config.grader else None,
        log_dir=str(out / "logs"),
        limit=config.limit,
        max_connections=config.max_connections,
        display="none",
    )
    if log.status != "success" or not log.samples:
        why = f": {log.error.message}" if log.error else ""
        raise RuntimeError(f"the judging eval did not finish ({log.status}{why}); its log: {log.location}")
    labels = {  # sample id -> {scorer name: label}; an unscored dimension (no answer) has none
        str(sample.id): {
            name: str(score.answer)
            for name, score in (sample.scores or {}).items()
            if name in dimensions and score.answer is not None
        }
        for sample in log.samples
    }
    unlabelled: list[str] = []
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    files = []
    for track, (dimension, scorer_name) in TRACKS.items():
        predictions, without_label = _predictions(records, conversations, labels, dimension, scorer_name)
        unlabelled += [where for sample_id, where in without_label if where not in unlabelled and
                       (config.limit is None or sample_id is None or sample_id in labels)]  # fmt: skip
        folder = out / track
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "predictions.json"
        target.write_text(json.dumps(predictions, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        with zipfile.ZipFile(out / f"{track}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(target, "predictions.json")
        files += [target, out / f"{track}.zip"]
    responses = sum(len(c.responses) for c in conversations)
    return BeaSubmission(
        files, len(log.samples), unlabelled=unlabelled, log=log.location, not_asked=responses - len(log.samples)
    )


def _predictions(
    records: list[dict[str, Any]],
    conversations: list[Any],
    labels: dict[str, dict[str, str]],
    dimension: str,
    scorer_name: str,
) -> tuple[list[dict[str, Any]], list[tuple[str | None, str]]]:
    """The input's records, each response's annotation replaced by the predicted label of one dimension; and the
    responses left without one (the judge's reply unusable, or a record the reader skipped)."""
    by_row = {conversation.row: conversation for conversation in conversations}
    predictions: list[dict[str, Any]] = []
    without_label: list[tuple[str | None, str]] = []
    for row, record in enumerate(records, start=1):
        conversation = by_row.get(row)
        field_name = "tutor_responses" if "tutor_responses" in record else "anno_llm_responses"
        responses = {}
        for tutor, answer in record[field_name].items():
            entry = {"response": answer.get("response", "") if isinstance(answer, dict) else ""}
            label = labels.get(f"{conversation.conversation_id}-{tutor}", {}).get(scorer_name) if conversation else None
            if label is not None:
                entry["annotation"] = {dimension: label}
            else:  # with the sample id, or None where the reader skipped the record
                sample_id = f"{conversation.conversation_id}-{tutor}" if conversation else None
                without_label.append((sample_id, f"record {row} ({record.get('conversation_id')}), tutor {tutor}"))
            responses[tutor] = entry
        predictions.append(
            {
                "conversation_id": record["conversation_id"],
                "conversation_history": record["conversation_history"],
                "tutor_responses": responses,
            }
        )
    return predictions, without_label
