"""What MathTutorBench's nine tasks share: configs, items, prompts, parsing and metrics, as its code has them.

Each function here mirrors one piece of MathTutorBench (github.com/eth-lre/mathtutorbench, commit 54b62137): the
item lists of its data loaders (`dataloaders/stepverify.py`, `dataloaders/mathbridge.py`, GSM8K through `datasets`),
the prompt its `main.py` sends (the config's `system_prompt` rendered with Jinja, few-shot examples as `shots`),
and each task's `parse_response` and `compute_metrics`, including their quirks (listed in
`tasks/mathtutorbench/README.md`), so that a number computed here is the number MathTutorBench computes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from trtutor.data.files import MAX_FIELD_CHARS, parse_json_document, parse_json_lines, read_text_file
from trtutor.errors import UsageError

TaskKind = Literal[
    "problem_solving", "socratic_questioning", "solution_correctness", "mistake_location", "mistake_correction",
    "teacher_response",
]  # fmt: skip
Source = Literal["gsm8k-main", "gsm8k-socratic", "stepverify", "mathdial_bridge", "mathdial_bridge_hard"]


@dataclass(frozen=True)
class TaskSpec:
    """One MathTutorBench task: its config file, data, parsing and metrics."""

    name: str  # the config file's stem, and our task's name
    source: Source
    kind: TaskKind
    metrics: tuple[str, ...]  # MathTutorBench's metric keys, in its order
    only_incorrect: bool = False  # mistake_correction evaluates the incorrect StepVerify solutions only


TASKS: dict[str, TaskSpec] = {
    spec.name: spec
    for spec in (
        TaskSpec("problem_solving", "gsm8k-main", "problem_solving",
                 ("accuracy_strict-match", "accuracy_flexible-extract")),
        TaskSpec("socratic_questioning", "gsm8k-socratic", "socratic_questioning", ("bleu", "avg_questions")),
        TaskSpec("student_solution_correctness", "stepverify", "solution_correctness",
                 ("accuracy", "precision", "recall", "f1")),
        TaskSpec("mistake_location", "stepverify", "mistake_location", ("f1_micro", "f1_macro", "f1_weighted")),
        TaskSpec("mistake_correction", "stepverify", "mistake_correction", ("accuracy",), only_incorrect=True),
        TaskSpec("scaffolding_generation", "mathdial_bridge", "teacher_response", ("match",)),
        TaskSpec("pedagogy_following", "mathdial_bridge", "teacher_response", ("match",)),
        TaskSpec("scaffolding_generation_hard", "mathdial_bridge_hard", "teacher_response", ("match",)),
        TaskSpec("pedagogy_following_hard", "mathdial_bridge_hard", "teacher_response", ("match",)),
    )
}  # fmt: skip

BUNDLED_DATA = {
    "gsm8k-main": "gsm8k_main_test.jsonl",
    "gsm8k-socratic": "gsm8k_socratic_test.jsonl",
    "stepverify": "stepverify.json",
    "mathdial_bridge": "mathdial_bridge.json",
    "mathdial_bridge_hard": "mathdial_bridge_hard.json",
}
# The hub datasets MathTutorBench reads (the bridge files exist only in its repository).
HUB_DATA = {"gsm8k-main": ("gsm8k", "main", "test"), "gsm8k-socratic": ("gsm8k", "socratic", "test"),
            "stepverify": ("eth-nlped/stepverify", "default", "train")}  # fmt: skip


def task_spec(name: str) -> TaskSpec:
    if name not in TASKS:
        raise UsageError(f"unknown MathTutorBench task {name!r}; one of: {', '.join(TASKS)}")
    return TASKS[name]


@cache
def load_config(name: str) -> dict[str, Any]:
    """The task's MathTutorBench config (`configs/<name>.yaml`), as `yaml.safe_load` reads it."""
    import yaml

    text = resources.files("trtutor.mathtutorbench").joinpath(f"configs/{task_spec(name).name}.yaml").read_text()
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Item:
    """One item as MathTutorBench evaluates it."""

    id: str
    example: dict[str, Any]  # what the templates are rendered with (without `shots`)
    prompt: str  # the completion endpoint's prompt
    stop: list[str]
    target: str  # `format_ground_truth` ("" for the teacher-response tasks)

    @property
    def chat_messages(self) -> list[dict[str, str]]:
        """What MathTutorBench's chat form sends: the rendered prompt as the system message, nothing else."""
        return [{"role": "system", "content": self.prompt}]


def bundled_data_path(source: Source) -> Path:
    return Path(str(resources.files("trtutor.mathtutorbench").joinpath(f"data/{BUNDLED_DATA[source]}")))


def _source_rows(source: Source, data: str | None) -> tuple[list[dict[str, Any]], str]:
    """The raw rows of a source and the id prefix: the bundled copy, a file (`data`), or the hub (`data="hub"` or
    the source's hub name)."""
    prefix = {"gsm8k-main": "gsm8k-main-test", "gsm8k-socratic": "gsm8k-socratic-test",
              "stepverify": "stepverify-train"}.get(source, source)  # fmt: skip
    if data == "hub" or (source in HUB_DATA and data == HUB_DATA[source][0]):
        if source not in HUB_DATA:
            raise UsageError(f"{source} is not on the Hugging Face hub: MathTutorBench ships it in its repository")
        from datasets import load_dataset

        name, config, split = HUB_DATA[source]
        return load_dataset(name, config, split=split).to_list(), prefix
    path = Path(data) if data else bundled_data_path(source)
    what = f"MathTutorBench's {source} data"
    text = read_text_file(path, what)
    if path.suffix == ".jsonl":
        rows: Any = [record for _, record in parse_json_lines(text, path)]
    else:
        rows = parse_json_document(text, path, what)
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise UsageError(f"{path}: expected {what} as a list of JSON objects")
    return rows, prefix


def _field(row: dict[str, Any], name: str, where: str) -> Any:
    """A field of a source row, of the type MathTutorBench reads it as: text (at most `MAX_FIELD_CHARS`), a number,
    a list of text, or a list of `{user, text}` turns."""
    if name not in row:
        raise UsageError(f"{where}: missing field {name!r}")
    value = row[name]
    kind = _FIELD_KINDS.get(name, "text")
    ok = {
        "text": isinstance(value, str) and len(value) <= MAX_FIELD_CHARS,
        "index": isinstance(value, int | str) and str(value).lstrip("-").isdigit(),
        "steps": isinstance(value, list) and all(isinstance(v, str) and len(v) <= MAX_FIELD_CHARS for v in value),
        "turns": isinstance(value, list)
        and all(
            isinstance(t, dict) and isinstance(t.get("user"), str) and isinstance(t.get("text"), str) for t in value
        ),  # fmt: skip
    }[kind]
    if not ok:
        expected = {"text": f"text of at most {MAX_FIELD_CHARS:,} characters", "index": "a whole number",
                    "steps": "a list of text", "turns": "a list of {user, text} turns"}[kind]  # fmt: skip
        raise UsageError(f"{where}: field {name!r} should be {expected}, not {type(value).__name__}"
                         + (f" of {len(value):,} characters" if isinstance(value, str) else ""))  # fmt: skip
    return value


_FIELD_KINDS = {"incorrect_index": "index", "student_incorrect_solution": "steps", "dialog_history": "turns"}


def _stepverify_examples(row: dict[str, Any], where: str) -> list[tuple[str, dict[str, Any]]]:
    """`StepVerifyDataset.load`: the incorrect solution, then the reference solution as a correct one."""
    conversation = _field(row, "dialog_history", where)
    cutoff = next((i for i, turn in enumerate(conversation) if turn["user"] == "Student"), len(conversation))
    history = "\n".join(f"Teacher: {turn['text']}" for turn in conversation[:cutoff])
    reference = _field(row, "reference_solution", where)
    # MathTutorBench joins the steps with a literal backslash-n and leaves out the last element (the final answer)
    incorrect_steps = _field(row, "student_incorrect_solution", where)[:-1]
    correct_steps = reference.split("\n")[:-1]
    shared = {"question": _field(row, "problem", where), "dialog_history": history}
    incorrect = {**shared, "student_solution": "\\n".join(f"Step {i + 1} - {s}" for i, s in enumerate(incorrect_steps)),
                 "is_error": True, "error_step": int(_field(row, "incorrect_index", where)) + 1,
                 "student_chat_solution": conversation[cutoff]["text"], "reference_solution": reference}  # fmt: skip
    correct = {**shared, "student_solution": "\\n".join(f"Step {i + 1} - {s}" for i, s in enumerate(correct_steps)),
               "is_error": False, "error_step": 0,
               "student_chat_solution": _field(row, "student_correct_response", where),
               "reference_solution": reference}  # fmt: skip
    # the key order of MathTutorBench's dicts
    order = ("question", "student_solution", "is_error", "error_step", "dialog_history", "student_chat_solution",
             "reference_solution")  # fmt: skip
    return [("incorrect", {k: incorrect[k] for k in order}), ("correct", {k: correct[k] for k in order})]


def _bridge_example(row: dict[str, Any], where: str) -> dict[str, Any]:
    """`MathBridge.load`: the conversation up to its last teacher turn, which is the ground-truth response."""
    conversation = _field(row, "dialog_history", where)
    lines = [f"{'Student' if turn['user'] == 'Student' else 'Teacher'}: {turn['text']}" for turn in conversation]
    if len(lines) > 1:
        lines = lines[:-1]
    cutoff = len(conversation) - 1
    return {"question": _field(row, "problem", where), "conversation_json": conversation[:cutoff],
            "ground_truth_response": conversation[cutoff], "dialog_history": "\n".join(lines),
            "reference_solution": _field(row, "reference_solution", where)}  # fmt: skip


def load_items(name: str, data: str | None = None) -> list[Item]:
    """Every item of task `name`, in MathTutorBench's order, with its prompt and target.

    Args:
        name: The task (a config file stem).
        data: None (the bundled copy), a file in the source's format, or "hub" or the hub name (`gsm8k`,
            `eth-nlped/stepverify`): GSM8K and StepVerify through `datasets`, as MathTutorBench reads them.
    """
    import jinja2

    spec = task_spec(name)
    config = load_config(name)
    rows, prefix = _source_rows(spec.source, data)
    template = jinja2.Template(config["system_prompt"])
    target_template = jinja2.Template(config["ground_truth_format"])
    items = []
    for number, row in enumerate(rows):
        where = f"{data or BUNDLED_DATA[spec.source]}, row {number}"
        if spec.source == "stepverify":
            examples = [(f"{prefix}-{number:04d}-{kind}", ex) for kind, ex in _stepverify_examples(row, where)]
        elif spec.source.startswith("gsm8k"):
            examples = [(f"{prefix}-{number:04d}", {"question": _field(row, "question", where),
                                                      "answer": _field(row, "answer", where)})]  # fmt: skip
        else:
            examples = [(f"{prefix}-{number:04d}", _bridge_example(row, where))]
        for item_id, example in examples:
            if spec.only_incorrect and not example["is_error"]:
                continue
            prompt = template.render(**example, shots=config["few_shot_samples"])
            items.append(Item(item_id, example, prompt, list(config["stop"]), target_template.render(**example)))
    return items


# --- parsing, as each task's `parse_response` ---------------------------------------------------------------------

_QUESTION_WORDS = ("what", "how", "why", "when", "where", "which", "who", "whose", "whom", "can", "could", "would")


def is_question(text: str) -> bool:
    """MathTutorBench's `match`: a `?` anywhere, or a question word as a whitespace-separated lowercase token."""
    return "?" in text or any(word in text.lower().split() for word in _QUESTION_WORDS)


def parse_response(kind: TaskKind, response: str) -> Any:
    """What the task's `parse_response` returns for `response` (JSON-serialisable)."""
    if kind == "problem_solving":
        numbers = re.findall(r"-?\d*\.?\d+", response)  # the last number anywhere, whatever "Final answer" says
        return str(numbers[-1]) if numbers else None
    if kind == "socratic_questioning":
        return [line.strip() for line in response.split("\n")]  # empty lines kept
    if kind == "solution_correctness":
        text = response.strip().lower()
        return True if "yes" in text else False if "no" in text else True  # unparseable counts as "Yes"
    if kind == "mistake_location":
        match = re.search(r"\d+", response)
        return int(match.group()) if match else 0
    if kind == "mistake_correction":
        final = re.search(r"Final Answer:\s*\$?([-,\d]*\.?\d+)", response)
        numbers = [final.group(1)] if final else re.findall(r"\$?([-,\d]*\.?\d+)", response)[-1:]
        if not numbers:
            return None
        try:
            return float(numbers[0].replace(",", ""))
        except ValueError:  # a hyphen inside the match ("20-10")
            return None
    return response


# --- the corrected reading (`-T reading=corrected`), reported under `<metric>_corrected` --------------------------

Reading = Literal["mathtutorbench", "corrected"]
CORRECTED_KINDS = ("problem_solving", "socratic_questioning", "solution_correctness", "mistake_correction")
_NUMBER = r"-?\d[\d,]*(?:\.\d+)?|-?\.\d+"
_FINAL = re.compile(r"final answer\s*(?:is)?\s*[:=]?\s*\$?\s*(" + _NUMBER + ")", re.IGNORECASE)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def parse_corrected(kind: TaskKind, response: str) -> Any:
    """What a reader who meant the prompt would take from `response`, for the tasks whose original parsing misreads
    answers (see the README): the number after the last "Final answer" (any case; thousands separators read, a range
    read as its first number), else the last number; for solution correctness a leading Yes or No word, else
    unparseable (None, counted wrong); for socratic questioning each question of the output (split after `?` and at
    line ends, empty ones dropped)."""
    if kind in ("problem_solving", "mistake_correction"):
        finals = _FINAL.findall(response)
        numbers = finals or re.findall(_NUMBER, response)
        return _number(numbers[-1]) if numbers else None
    if kind == "solution_correctness":
        words = re.findall(r"[a-z]+", response.lower())
        return {"yes": True, "no": False}.get(words[0]) if words else None
    if kind == "socratic_questioning":
        pieces = re.split(r"(?<=\?)\s+|\n", response)
        return [piece.strip() for piece in pieces if piece.strip()]
    raise UsageError(f"no corrected reading for {kind}")


def compute_corrected(kind: TaskKind, predictions: list[Any], targets: list[str]) -> dict[str, float]:
    """The task's metrics on corrected parses, as `<metric>_corrected`; an unparseable answer is wrong."""
    if kind == "solution_correctness":
        truth = [parse_response("solution_correctness", target) for target in targets]
        # an unparseable answer is wrong whichever the truth
        filled = [(not t) if p is None else p for p, t in zip(predictions, truth, strict=True)]
        metrics = compute_metrics(kind, filled, targets)
    elif kind == "problem_solving":
        metrics = {"accuracy": compute_metrics("mistake_correction", predictions, targets)["accuracy"]}
    else:
        metrics = compute_metrics(kind, predictions, targets)
    return {f"{name}_corrected": value for name, value in metrics.items()}


def ground_truth_questions(target: str) -> list[str]:
    """The reference questions of a GSM8K Socratic answer: each line's text before ` ** `."""
    return [line.split(" ** ")[0].strip() for line in target.split("\n") if " ** " in line]


def sentence_bleu(prediction: str, references: list[str]) -> float:
    import sacrebleu

    return sacrebleu.sentence_bleu(prediction, references).score


def item_bleu(prediction: list[str], target: str) -> float | None:
    """The best sentence BLEU (0-100) of any predicted line against all reference questions; None when either side
    is empty (MathTutorBench leaves such an item out)."""
    references = ground_truth_questions(target)
    if not prediction or not references:
        return None
    return max(sentence_bleu(line, references) for line in prediction)


def compute_metrics(kind: TaskKind, predictions: list[Any], targets: list[str]) -> dict[str, float]:
    """The task's `compute_metrics` over all items."""
    if kind in ("problem_solving", "mistake_correction"):
        numeric = [float(t) for t in targets]
        pairs = zip(predictions, numeric, strict=True)
        correct = sum(1 for p, t in pairs if p is not None and abs(float(p) - t) < 1e-6)
        accuracy = correct / len(numeric) if numeric else 0.0
        if kind == "mistake_correction":
            return {"accuracy": accuracy}
        # both "filters" read the same parsed number in MathTutorBench, so they are the same figure
        return {"accuracy_strict-match": accuracy, "accuracy_flexible-extract": accuracy}
    if kind == "socratic_questioning":
        scores, counts = [], []
        for prediction, target in zip(predictions, targets, strict=True):
            best = item_bleu(prediction, target)
            if best is not None:
                scores.append(best)
                counts.append(min(len(prediction), len(ground_truth_questions(target))))
        return {"bleu": (sum(scores) / len(scores) if scores else 0.0) / 100.0,
                "avg_questions": sum(counts) / len(counts) if counts else 0.0}  # fmt: skip
    if kind == "solution_correctness":
        from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

        truth = [parse_response("solution_correctness", target) for target in targets]
        return {"accuracy": float(accuracy_score(truth, predictions)),
                "precision": float(precision_score(truth, predictions)),
                "recall": float(recall_score(truth, predictions)),
                "f1": float(f1_score(truth, predictions, pos_label=True))}  # fmt: skip
    if kind == "mistake_location":
        from sklearn.metrics import f1_score

        truth, predicted = [int(t) for t in targets], [int(p) for p in predictions]
        return {f"f1_{average}": float(f1_score(truth, predicted, average=average))
                for average in ("micro", "macro", "weighted")}  # fmt: skip
    return {"match": sum(1 for p in predictions if is_question(p)) / len(predictions) if predictions else 0.0}


def read_outputs(path: str | Path) -> dict[str, str]:
    """A replay file: a JSON object, sample id -> the model's text."""
    what = "recorded outputs: a JSON object, sample id -> text"
    outputs = parse_json_document(read_text_file(path, what), path, what)
    if not isinstance(outputs, dict):
        raise UsageError(f"{path}: expected {what}, got {type(outputs).__name__}")
    wrong = [key for key, value in outputs.items() if not isinstance(value, str)]
    if wrong:
        raise UsageError(f"{path}: the output of {wrong[0]!r} is {type(outputs[wrong[0]]).__name__}, not text")
    return outputs
