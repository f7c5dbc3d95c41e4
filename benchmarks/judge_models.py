"""Which model should the offline judges be? Candidates compared by grouped cross-validation on every dev-side label.

Data: MRBench V2 dev, MRBench V1 dev and the BEA 2025 dev file, each response once (`rubric_judges.labelled_rows`;
about 820 responses, of which the BEA file adds 33). Labels: our three judges' two-way readings
(Revealing_of_the_Answer either Yes; Providing_Guidance and Mistake_Identification Yes or To some extent). Folds:
5, by conversation text, so no conversation straddles training and test. Each figure is on the MRBench V2 dev
responses (the table in the README), each predicted by a model that never saw its conversation.

Candidates:
- `tfidf+rules` (what ships): TF-IDF word and character n-grams of the turn, the rule features and the
  move classifier's probabilities, class-balanced logistic regression;
- `minilm+rules`: the frozen all-MiniLM-L6-v2 embedding of the turn instead of TF-IDF;
- `minilm+context+rules`: that, with the student's last turn (its embedding times the turn's) and the turn's cosine
  to the student's last turn, the tutor's previous turn and the problem;
- `stack`: a logistic regression over the out-of-fold probabilities of `tfidf+rules` and `minilm+context+rules`;
- `minilm-finetuned` (`--fine-tune`, about 20 min per label on 2 cores): all-MiniLM-L6-v2 fine-tuned as a
  cross-encoder on (student's last turn, tutor turn), 3 epochs, class-weighted.

Each is reported as the model alone and "as scored" (after the degenerate-turn check sets degenerate turns to
no guidance / no mistake identified, as the `socratic` and `correctness` scorers do).

    python -m benchmarks.judge_models [--fine-tune]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np

from benchmarks.progress import begin, step

LABELS = ("leakage", "guidance", "mistake_identification")
FOLDS = 5


@dataclass
class Rows:
    responses: list[str]
    metadata: list[dict]
    tutors: np.ndarray
    groups: np.ndarray
    v2: np.ndarray  # True for the MRBench V2 dev responses (where the figures are read)
    labels: dict[str, np.ndarray]  # label -> 1/0, -1 where the file does not label it
    degenerate: np.ndarray


def load_rows() -> Rows:
    from trtutor.data.mrbench import human_guided, human_identified_mistake, human_leaked, moment_metadata
    from trtutor.scorers.offline.degenerate import find_degeneracy
    from trtutor.scorers.offline.response_judges import text_key
    from trtutor.scorers.offline.rubric_judges import labelled_rows

    rows = labelled_rows()
    readers = {
        "leakage": ("Revealing_of_the_Answer", human_leaked),
        "guidance": ("Providing_Guidance", human_guided),
        "mistake_identification": ("Mistake_Identification", human_identified_mistake),
    }
    metadata = [moment_metadata(conversation) for conversation, *_ in rows]
    responses = [response for _, _, response, _ in rows]
    return Rows(
        responses=responses,
        metadata=metadata,
        tutors=np.array([tutor for _, tutor, _, _ in rows]),
        groups=np.array([text_key(meta["conversation_history"]) for meta in metadata]),
        v2=np.array([conversation.source.endswith("mrbench_v2_dev.json") for conversation, *_ in rows]),
        labels={
            name: np.array([int(read(labels)) if key in labels else -1 for *_, labels in rows])
            for name, (key, read) in readers.items()
        },
        degenerate=np.array([find_degeneracy(r, m) is not None for r, m in zip(responses, metadata, strict=True)]),
    )


def features(rows: Rows) -> dict[str, np.ndarray]:
    from benchmarks.sentence_encoder import embed
    from trtutor.scorers.offline.response_judges import feature_matrix

    last = [(meta["student_utterances"] or [""])[-1] for meta in rows.metadata]
    previous = [_previous_tutor_turn(meta["conversation_history"]) for meta in rows.metadata]
    turn, student = embed(rows.responses), embed(last)
    tutor, problem = embed(previous), embed([meta["problem"] for meta in rows.metadata])

    def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (a * b).sum(axis=1, keepdims=True)

    rules = feature_matrix(rows.responses, rows.metadata)
    context = np.hstack([turn, turn * student, cosine(turn, student), cosine(turn, tutor), cosine(turn, problem)])
    return {"rules": rules, "minilm": np.hstack([turn, rules]), "minilm_context": np.hstack([context, rules])}


def _previous_tutor_turn(history: str) -> str:
    tutor_lines = [line for line in history.splitlines() if line.lower().startswith(("teacher:", "tutor:"))]
    return tutor_lines[-1].split(":", 1)[1].strip() if tutor_lines else ""


BINARY_C = 3.0  # the binary TF-IDF judges' regularisation, chosen by grouped CV when they shipped


def out_of_fold(rows: Rows, keep: np.ndarray, fit_predict, folds: int = FOLDS) -> np.ndarray:  # noqa: ANN001
    """P(yes) for every kept row from a model trained on the other folds (grouped by conversation)."""
    from sklearn.model_selection import GroupKFold

    index = np.flatnonzero(keep)
    result = np.full(len(rows.responses), np.nan)
    for train, test in GroupKFold(folds).split(index, groups=rows.groups[index]):
        result[index[test]] = fit_predict(index[train], index[test])
    return result


def tfidf_fit_predict(rows: Rows, label: np.ndarray, rules: np.ndarray):  # noqa: ANN201
    from trtutor.scorers.offline.text_model import fit_linear_text_model

    def fit_predict(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        model = fit_linear_text_model([rows.responses[i] for i in train], [str(label[i]) for i in train], {},
                                      dense=rules[train], C=BINARY_C)  # fmt: skip
        probabilities = model.predict_proba([rows.responses[i] for i in test], rules[test])
        return probabilities[:, model.classes.index("1")]

    return fit_predict


def dense_fit_predict(matrix: np.ndarray, label: np.ndarray, C: float = 1.0):  # noqa: ANN201
    from sklearn.linear_model import LogisticRegression

    def fit_predict(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(matrix[train], label[train])
        return model.predict_proba(matrix[test])[:, 1]

    return fit_predict


def fine_tuned_fit_predict(rows: Rows, label: np.ndarray, epochs: int = 3):  # noqa: ANN201
    import copy

    import torch

    from benchmarks.sentence_encoder import sentence_encoder

    encoder = sentence_encoder()
    initial = copy.deepcopy(encoder.model.state_dict())
    pairs = [
        ((meta["student_utterances"] or [""])[-1], r) for meta, r in zip(rows.metadata, rows.responses, strict=True)
    ]

    def batch(index: np.ndarray):  # noqa: ANN202
        encodings = encoder.tokenizer.encode_batch([pairs[i] for i in index])
        return (torch.tensor([e.ids for e in encodings]), torch.tensor([e.attention_mask for e in encodings]),
                torch.tensor([e.type_ids for e in encodings]))  # fmt: skip

    def pooled(index: np.ndarray) -> torch.Tensor:
        ids, mask, types = batch(index)
        hidden = encoder.model(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
        return (hidden * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)

    def fit_predict(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        torch.manual_seed(0)
        encoder.model.load_state_dict(initial)
        encoder.model.train()
        head = torch.nn.Linear(384, 2)
        optimiser = torch.optim.AdamW([*encoder.model.parameters(), *head.parameters()], lr=3e-5, weight_decay=0.01)
        counts = np.bincount(label[train], minlength=2)
        weight = torch.tensor(len(train) / (2 * np.maximum(counts, 1)), dtype=torch.float)
        rng = np.random.default_rng(0)
        for _ in range(epochs):
            order = rng.permutation(train)
            for start in range(0, len(order), 16):
                chunk = order[start : start + 16]
                loss = torch.nn.functional.cross_entropy(head(pooled(chunk)), torch.tensor(label[chunk]), weight=weight)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
        encoder.model.eval()
        with torch.inference_mode():
            return np.concatenate([torch.softmax(head(pooled(test[s : s + 64])), -1)[:, 1].numpy()
                                   for s in range(0, len(test), 64)])  # fmt: skip

    return fit_predict


def figures(rows: Rows, name: str, probability: np.ndarray, *, as_scored: bool) -> dict[str, float]:
    """F1 (leakage) or macro-F1, tutor Spearman and the largest tutor-rate gap, on the V2 dev responses."""
    from scipy.stats import spearmanr
    from sklearn.metrics import f1_score

    label = rows.labels[name]
    keep = rows.v2 & (label >= 0)
    predicted = probability >= 0.5
    if as_scored and name != "leakage":
        predicted = predicted & ~rows.degenerate
    human, judge, tutors = label[keep], predicted[keep].astype(int), rows.tutors[keep]
    names = sorted(set(tutors))
    human_rates = [human[tutors == t].mean() for t in names]
    judge_rates = [judge[tutors == t].mean() for t in names]
    return {
        "f1": float(f1_score(human, judge)) if name == "leakage" else float(f1_score(human, judge, average="macro")),
        "tutor_spearman": float(spearmanr(human_rates, judge_rates).statistic),
        "worst_tutor_gap": float(max(abs(h - j) for h, j in zip(human_rates, judge_rates, strict=True))),
    }


def compare(fine_tune: bool = False) -> list[dict]:
    step("labelled responses and their features (MiniLM embeddings) ...")
    rows = load_rows()
    matrices = features(rows)
    results = []
    for name in LABELS:
        step(f"{name}: every candidate, grouped {FOLDS}-fold cross-validation ...")
        label = rows.labels[name]
        keep = label >= 0
        probabilities = {
            "tfidf+rules": out_of_fold(rows, keep, tfidf_fit_predict(rows, label, matrices["rules"])),
            "minilm+rules": out_of_fold(rows, keep, dense_fit_predict(matrices["minilm"], label)),
            "minilm+context+rules": out_of_fold(rows, keep, dense_fit_predict(matrices["minilm_context"], label)),
        }
        # stacking: the level-2 model sees only out-of-fold level-1 probabilities, itself cross-validated
        level_one = np.column_stack([probabilities["tfidf+rules"], probabilities["minilm+context+rules"]])
        level_one = np.nan_to_num(level_one)
        probabilities["stack"] = out_of_fold(rows, keep, dense_fit_predict(level_one, label))
        if fine_tune:
            started = time.perf_counter()
            probabilities["minilm-finetuned"] = out_of_fold(rows, keep, fine_tuned_fit_predict(rows, label))
            print(f"fine-tuning for {name}: {time.perf_counter() - started:.0f} s")
        for candidate, probability in probabilities.items():
            alone = figures(rows, name, probability, as_scored=False)
            scored = figures(rows, name, probability, as_scored=True)
            results.append({"label": name, "candidate": candidate, **alone,
                            **{f"{k}_as_scored": v for k, v in scored.items()}})  # fmt: skip
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fine-tune", action="store_true", help="also fine-tune all-MiniLM-L6-v2 (slow)")
    args = parser.parse_args()
    import pandas as pd

    started = time.perf_counter()
    begin()
    table = pd.DataFrame(compare(args.fine_tune))
    print(table.to_markdown(index=False, floatfmt=".3f"))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
