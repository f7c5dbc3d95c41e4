"""The problems an adapter was trained on, and the guard that keeps them out of the adapter's evaluation.

Training (`training/sft_talker.py`) writes `trained_problems.json` into the adapter folder, beside its card:

    {"format": 1, "data": "sft/train.jsonl", "data_sha256": "...", "id_field": "problem_text_sha256",
     "normalisation": "...", "ids": ["<sha256>", ...], "qids": ["5000214", ...], "examples": 120,
     "examples_without_problem": 0}

A problem is named by the sha256 of its normalised text (`problem_id`), because no id links the data sets: MathDial's
`qid` is MathDial's own, and MRBench's MathDial-derived conversations carry other ids (its `3711-05b6...` is MathDial
problem 6000051) and only quote the problem in the opening tutor turn. Normalised: Unicode NFKC, case-folded, every
run of characters that are not letters or digits one space. So a problem is recognised in another MathDial file
(the hub's train split, the dev CSV) and in MRBench. MathDial `qid`s are listed too, for people to read.

`tasks/socratic.py` and `tasks/mrbench.py` find the lists of the talker under evaluation (`trtutor/peft/<folder>`,
`vllm/<base>:<folder>`) and those named by `-T trained_problems=`, and leave those problems' samples out, or keep them
flagged with `-T allow_trained=true`; the log's task metadata counts what was left out and why (`excluded_trained`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from inspect_ai.dataset import Sample

from trtutor.data.files import parse_json_document, read_text_file
from trtutor.errors import UsageError
from trtutor.paths import user_path
from trtutor.prompts import load_prompt

TRAINED_PROBLEMS_FILE = "trained_problems.json"
FORMAT_VERSION = 1
ID_FIELD = "problem_text_sha256"
NORMALISATION = "sha256 of the problem text, Unicode NFKC, case-folded, each run of non-alphanumerics one space"
logger = logging.getLogger(__name__)
METADATA_KEY = "excluded_trained"  # the task metadata that counts what the guard did
SAMPLE_FLAG = "trained_problem"  # per-sample metadata, with allow_trained=true
# What tasks/mrbench.py puts where a conversation gives no problem: not a problem.
_NOT_GIVEN = "(not given; see the conversation)"
_NON_WORD = re.compile(r"[\W_]+")


def normalise_problem(text: str) -> str:
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def problem_id(text: str | None) -> str | None:
    """The id of a problem by its text; None for no text."""
    if not text or text.strip() == _NOT_GIVEN:
        return None
    normal = normalise_problem(text)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest() if normal else None


@cache
def _talker_prompt_pattern() -> re.Pattern[str]:
    # The talker template with each field a lazy group: a prompt rendered from it gives back its problem.
    parts = re.split(r"\{([a-z_]+)\}", load_prompt("talker_prompt").strip())
    pattern = "".join(
        re.escape(part) if index % 2 == 0 else ("(?P<problem>.*?)" if part == "problem" else ".*?")
        for index, part in enumerate(parts)
    )
    return re.compile(pattern, re.DOTALL)


def problem_from_prompt(text: str) -> str | None:
    """The problem of a talker prompt rendered from `prompts/talker_prompt.txt` (what prepare-sft and the tasks
    write); None for any other text, a prompt of another template version included."""
    match = _talker_prompt_pattern().fullmatch(text.strip())
    problem = match.group("problem").strip() if match else None
    return problem if problem and problem != _NOT_GIVEN else None


@dataclass(frozen=True)
class TrainedProblems:
    """One `trained_problems.json`."""

    path: Path
    data: str
    data_sha256: str | None
    ids: frozenset[str]
    qids: tuple[str, ...]
    examples_without_problem: int

    @classmethod
    def read(cls, path: str | Path) -> TrainedProblems:
        """Raises: UsageError naming the file, when it is not a trained-problem list."""
        path = Path(path)
        what = f"a trained-problem list ({TRAINED_PROBLEMS_FILE}, as training/sft_talker.py writes it)"
        document = parse_json_document(read_text_file(path, what), path, what)
        ids = document.get("ids") if isinstance(document, dict) else None
        if not isinstance(document, dict) or document.get("id_field") != ID_FIELD or not isinstance(ids, list):
            raise UsageError(f"{path}: not {what}: expected an object with id_field {ID_FIELD!r} and a list `ids`")
        bad = [value for value in ids if not (isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value))]
        if bad:
            raise UsageError(f"{path}: `ids` must be sha256 hex digests; {str(bad[0])[:70]!r} is not")
        return cls(
            path=path.resolve(),
            data=str(document.get("data", "?")),
            data_sha256=document.get("data_sha256"),
            ids=frozenset(ids),
            qids=tuple(str(qid) for qid in document.get("qids") or []),
            examples_without_problem=int(document.get("examples_without_problem") or 0),
        )


def ids_sha256(ids: frozenset[str] | set[str]) -> str:
    """A fingerprint of a set of problem ids: lists with the same problems have the same one."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def write_trained_problems(
    folder: str | Path, data: str | Path, problems: list[str | None], qids: list[str | None]
) -> dict[str, Any]:
    """Write `folder/trained_problems.json` for training data `data` whose examples have these problem texts (None:
    not known) and MathDial qids; returns what the adapter card says of it."""
    data = Path(data)
    ids = sorted({pid for pid in map(problem_id, problems) if pid})
    without = sum(problem_id(problem) is None for problem in problems)
    document = {
        "format": FORMAT_VERSION,
        "data": str(data),
        "data_sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
        "id_field": ID_FIELD,
        "normalisation": NORMALISATION,
        "ids": ids,
        "qids": sorted({qid for qid in qids if qid}),
        "examples": len(problems),
        "examples_without_problem": without,
    }
    path = Path(folder) / TRAINED_PROBLEMS_FILE
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return {"file": TRAINED_PROBLEMS_FILE, "problems": len(ids), "ids_sha256": ids_sha256(set(ids)),
            "examples_without_problem": without}  # fmt: skip


def talker_adapter_folder(model: Any) -> tuple[Path | None, str | None]:
    """The local adapter folder of the talker being evaluated, or why there is none to read.

    `trtutor/peft/<folder>` holds a TRTutor `Adapter`, and Inspect's `vllm/<base>:<adapter>` a `LoRAAdapter`: both
    have a `path`. A vLLM adapter served by name, or a hub id, has no folder here. Returns (None, None) for a talker
    that is not an adapter.
    """
    adapter = getattr(getattr(model, "api", None), "adapter", None)
    path = getattr(adapter, "path", None)
    if path is None:
        return None, None
    if Path(path).is_dir():
        return Path(path), None
    return None, (
        f"talker {model}: adapter {path} has no local folder here (served by name, or a hub id), so no trained-problem "
        "list was read; name its folder with -T trained_problems=FOLDER"
    )


def find_trained_problems(model: Any, given: str | list[str] | None) -> tuple[list[TrainedProblems], list[str]]:
    """The trained-problem lists of the talker (`model`, when it is an adapter folder) and of `given` (files, or
    adapter folders), each once; and notes on those not found.

    Raises:
        UsageError: a given path that does not exist, or a file that is not a trained-problem list.
    """
    paths = [item.strip() for item in (given.split(",") if isinstance(given, str) else given or []) if item.strip()]
    folder, note = talker_adapter_folder(model)
    notes = [note] if note else []
    candidates = [(folder, "the talker's adapter folder")] if folder else []
    for path in paths:
        local = Path(user_path(path))
        if not local.exists():
            raise UsageError(f"-T trained_problems={path}: no such file or adapter folder")
        candidates.append((local, f"-T trained_problems={path}"))
    lists: dict[Path, TrainedProblems] = {}
    for candidate, where in candidates:
        file = candidate / TRAINED_PROBLEMS_FILE if candidate.is_dir() else candidate
        if not file.is_file():
            notes.append(f"{where} ({candidate}) has no {TRAINED_PROBLEMS_FILE}: trained before TRTutor wrote one, "
                         "or elsewhere, so its training problems are unknown and none are left out")  # fmt: skip
            continue
        if file.resolve() not in lists:
            lists[file.resolve()] = TrainedProblems.read(file)
    return list(lists.values()), notes


def guard_samples(
    samples: list[Sample], lists: list[TrainedProblems], notes: list[str], *, allow_trained: bool
) -> tuple[list[Sample], dict[str, Any]]:
    """Leave out the samples whose problem (`metadata["problem"]`) is in a trained-problem list, or, with
    `allow_trained`, keep them and flag each sample (`metadata["trained_problem"]`).

    Returns:
        The samples kept, and what the task's metadata records under `excluded_trained`.
    """
    trained = frozenset().union(*(item.ids for item in lists))
    kept, left_out, flagged, unchecked, problems = [], 0, 0, 0, set()
    for sample in samples:
        pid = problem_id((sample.metadata or {}).get("problem"))
        unchecked += bool(lists) and pid is None
        hit = pid is not None and pid in trained
        if hit:
            problems.add(pid)
        if hit and not allow_trained:
            left_out += 1
            continue
        if lists and allow_trained:
            sample.metadata = {**(sample.metadata or {}), SAMPLE_FLAG: hit}
        flagged += hit
        kept.append(sample)
    record = {
        "count": left_out,
        "problems": len(problems),
        "flagged": flagged,
        "allow_trained": allow_trained,
        "unchecked": unchecked,  # samples with no problem text to compare (MRBench's Bridge conversations)
        "sources": [str(item.path) for item in lists],
        "ids_sha256": ids_sha256(trained) if lists else None,
        "notes": notes,
    }
    return kept, record


def exclusion_label(record: dict[str, Any] | None) -> str:
    """What a log's guard did, in one phrase that is equal for logs whose samples it treated alike (the leaderboard
    refuses to mix different ones): "none", or what was left out or flagged, by list."""
    record = record or {}
    if not record.get("count") and not record.get("flagged"):
        return "none"
    what = "kept flagged" if record.get("allow_trained") else "left out"
    return f"{what}, list {str(record.get('ids_sha256'))[:12]}"  # short: tables cut a differing value at 40


def leave_out_trained(
    samples: list[Sample], model: Any, given: str | list[str] | None, *, allow_trained: bool, source: str
) -> tuple[list[Sample], dict[str, Any]]:
    """The task's guard: the talker's (`model`'s) and the given trained-problem lists applied to `samples`.

    Returns:
        The samples kept, and the task metadata's `excluded_trained` record.

    Raises:
        UsageError: a given list cannot be read, or every sample is on a trained problem (names `source`).
    """
    lists, notes = find_trained_problems(model, given)
    kept, record = guard_samples(samples, lists, notes, allow_trained=allow_trained)
    for note in notes:
        logger.warning(note)
    if samples and not kept:
        raise UsageError(
            f"{source}: every selected sample is on a problem the talker was trained on ({record['count']} left "
            f"out; {', '.join(record['sources'])}); evaluate on other problems, or pass -T allow_trained=true to "
            "keep them, flagged"
        )
    return kept, record
