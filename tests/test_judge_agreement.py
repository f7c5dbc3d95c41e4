"""tasks/judge_agreement.py and tasks/mrbench.py: metrics against scikit-learn/scipy, the LLM path with known labels,
and the offline path on the bundled files."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from inspect_ai import eval
from inspect_ai.model import get_model
from inspect_ai.scorer import SampleScore, Score
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score, f1_score

from tests.helpers import mock_output
from tests.test_socratic_task import verdict
from trtutor.data.mathdial import MathDialFormatError
from trtutor.data.mrbench import bundled_mrbench, load_mrbench, parse_history
from trtutor.scorers import agreement
from trtutor.tasks.judge_agreement import judge_agreement
from trtutor.tasks.mrbench import mrbench

REPO = Path(__file__).resolve().parents[1]
CONTRACT = [
    "leakage_f1",
    "leakage_kappa",
    "leakage_accuracy",
    "leakage_tutor_spearman",
    "socratic_macro_f1",
    "socratic_kappa",
    "socratic_tutor_spearman",
    "correctness_macro_f1",
    "correctness_kappa",
    "correctness_tutor_spearman",
]

# (tutor, human, judge) for one dimension; judge NaN = a scoring error
FIXED = [
    ("A", 1, 1), ("A", 1, 0), ("A", 0, 0), ("A", 0, 0),
    ("B", 1, 1), ("B", 1, 1), ("B", 0, 1), ("B", 1, float("nan")),
    ("C", 0, 0), ("C", 0, 0), ("C", 1, 0), ("C", 0, 1),
    ("D", 1, 1), ("D", 1, 1), ("D", 1, 1), ("D", 0, 0),
]  # fmt: skip


def _sample_scores(rows=FIXED) -> list[SampleScore]:
    return [
        SampleScore(
            score=Score(value={f"{d}_{k}": v for d in agreement.DIMENSIONS for k, v in (("human", h), ("judge", j))}),
            sample_id=i,
            sample_metadata={"tutor": tutor},
        )
        for i, (tutor, h, j) in enumerate(rows)
    ]


def test_metrics_match_scikit_learn_and_scipy():
    scores = _sample_scores()
    kept = [(t, h, j) for t, h, j in FIXED if not math.isnan(j)]
    human, judge = [h for _, h, _ in kept], [int(j) for _, _, j in kept]
    assert agreement.leakage_f1()(scores) == pytest.approx(f1_score(human, judge))
    assert agreement.socratic_macro_f1()(scores) == pytest.approx(f1_score(human, judge, average="macro"))
    assert agreement.correctness_kappa()(scores) == pytest.approx(cohen_kappa_score(human, judge))
    assert agreement.leakage_accuracy()(scores) == pytest.approx(
        sum(h == j for h, j in zip(human, judge, strict=True)) / 15
    )
    tutors = sorted({t for t, _, _ in kept})
    human_rates = [
        sum(h for t, h, _ in kept if t == tutor) / sum(1 for t, *_ in kept if t == tutor) for tutor in tutors
    ]
    judge_rates = [
        sum(j for t, _, j in kept if t == tutor) / sum(1 for t, *_ in kept if t == tutor) for tutor in tutors
    ]
    assert agreement.leakage_tutor_spearman()(scores) == pytest.approx(spearmanr(human_rates, judge_rates).statistic)
    assert agreement.leakage_scoring_errors()(scores) == 1
    # computed by hand: 15 pairs, tp 6, fp 2, fn 2, tn 5; 8 positives on each side
    assert agreement.leakage_f1()(scores) == pytest.approx(2 * 6 / (2 * 6 + 2 + 2))
    assert agreement.leakage_kappa()(scores) == pytest.approx((11 / 15 - (8 * 8 + 7 * 7) / 225) / (1 - 113 / 225))


def test_metrics_on_no_pairs_are_nan_not_errors():
    scores = _sample_scores([("A", 1, float("nan"))])
    assert math.isnan(agreement.leakage_f1()(scores))
    assert agreement.leakage_scoring_errors()(scores) == 1


# (tutor, conversation, human, judge) as MRBench's three-way label indices (best first; -1: none), for one dimension
THREE_WAY = [
    ("A", "c4", 0, 1), ("A", "c5", 2, 1), ("A", "c2", 1, 2), ("A", "c3", 1, 1), ("B", "c1", 0, 2),
    ("B", "c1", 0, 2), ("B", "c2", 2, 1), ("B", "c2", 2, 1), ("C", "c2", 2, 0), ("C", "c0", 2, 1),
    ("C", "c1", 1, 0), ("C", "c3", 1, 0), ("D", "c5", 0, 2), ("D", "c4", 1, 1), ("D", "c5", 1, 2),
    ("D", "c3", 2, 1), ("E", "c0", 0, 1), ("E", "c3", 2, 2), ("E", "c0", 0, 2), ("E", "c5", 1, 2),
    ("B", "c6", 0, -1), ("C", "c6", -1, 0),
]  # fmt: skip


def test_two_way_and_three_way_paths_give_one_figure_and_scikit_learns():
    # Our two-way verdicts and MRBench's dimensions share one code path: the lenient reading of three-way pairs
    # (the first two labels = yes) gives, to the last digit, the two-way metrics of the same pairs collapsed.
    from trtutor.scorers.rubric_agreement import rubric_agreement_metrics

    dimension = "revealing_of_the_answer"  # its values are two-way too: either Yes 1, No 0
    three_way = rubric_agreement_metrics()(
        [
            SampleScore(
                score=Score(value={f"{dimension}_human": h, f"{dimension}_judge": j}),
                sample_id=f"{conversation}-{tutor}-{i}",
                sample_metadata={"tutor": tutor, "conversation_id": conversation},
            )
            for i, (tutor, conversation, h, j) in enumerate(THREE_WAY)
        ]
    )
    collapsed = [
        (t, float("nan") if h < 0 else int(h < 2), float("nan") if j < 0 else float(j < 2)) for t, _, h, j in THREE_WAY
    ]
    two_way = _sample_scores(collapsed)
    kept = [(t, h, int(j)) for t, h, j in collapsed if not (math.isnan(h) or math.isnan(j))]
    human, judge = [h for _, h, _ in kept], [j for _, _, j in kept]
    tutors = sorted({t for t, _, _ in kept})
    rates = [[sum(p[k] for p in kept if p[0] == tutor) / sum(p[0] == tutor for p in kept) for tutor in tutors]
             for k in (1, 2)]  # fmt: skip
    for two, three, expected in [
        (agreement.leakage_accuracy(), "lenient_accuracy", sum(map(int.__eq__, human, judge)) / len(kept)),
        (agreement.socratic_macro_f1(), "lenient_macro_f1", f1_score(human, judge, average="macro")),
        (agreement.leakage_tutor_spearman(), "tutor_spearman", spearmanr(*rates).statistic),
        (agreement.leakage_scoring_errors(), "scoring_errors", 1),
    ]:
        assert two(two_way) == three_way[f"{dimension}_{three}"] == pytest.approx(expected), three
    assert agreement.leakage_f1()(two_way) == pytest.approx(f1_score(human, judge))
    assert agreement.leakage_kappa()(two_way) == pytest.approx(cohen_kappa_score(human, judge))
    scored = [(h, j) for *_, h, j in THREE_WAY if h >= 0 and j >= 0]
    three_human, three_judge = [h for h, _ in scored], [j for _, j in scored]
    assert three_way[f"{dimension}_kappa"] == pytest.approx(cohen_kappa_score(three_human, three_judge))
    assert three_way[f"{dimension}_exact_macro_f1"] == pytest.approx(
        f1_score(three_human, three_judge, average="macro")
    )


def _tiny_mrbench(tmp_path: Path, conversations: int = 2) -> Path:
    records = json.loads(bundled_mrbench().read_text())[:conversations]
    for record in records:  # three tutors each, to keep the test small
        record["anno_llm_responses"] = dict(list(record["anno_llm_responses"].items())[:3])
    path = tmp_path / "mrbench_tiny.json"
    path.write_text(json.dumps(records))
    return path


def _verdict_for(response: str, labels: dict[str, tuple[str, str, str]]) -> str:
    return verdict(*labels[response])  # our three labels as the rubric judge's reply


def test_llm_path_with_known_labels(tmp_path):
    path = _tiny_mrbench(tmp_path)
    conversations, _ = load_mrbench(path)
    responses = [(c, tutor, text) for c in conversations for tutor, text in c.responses.items()]
    assert len(responses) == 6
    # Judge labels chosen per response; one response gets an unparseable reply.
    plan = [
        ("probing", "no", "correct"),
        ("telling", "yes_correct", "incorrect"),
        ("focus", "no", "correct"),
        ("generic", "no", "incorrect"),
        ("probing", "yes_incorrect", "correct"),
        None,
    ]
    labels = {text: verdict for (_, _, text), verdict in zip(responses, plan, strict=True) if verdict}
    broken = responses[5][2]

    def judge(input, tools, tool_choice, config):
        prompt = input[-1].text
        for text, _ in labels.items():
            if f"<tutor_turn>\n{text}\n</tutor_turn>" in prompt:
                return mock_output(_verdict_for(text, labels))
        assert f"<tutor_turn>\n{broken}\n</tutor_turn>" in prompt
        return mock_output("not json at all")

    grader = get_model("mockllm/model", custom_outputs=judge)
    [log] = eval(judge_agreement(data=str(path), judge="llm"), model="mockllm/model",
                 model_roles={"grader": grader}, display="none")  # fmt: skip
    assert log.status == "success"
    metrics = {name: m.value for s in log.results.scores for name, m in s.metrics.items()}
    assert set(CONTRACT) <= set(metrics)

    # the same figures by hand from the human labels of the five judged responses
    from trtutor.data.mrbench import human_guided, human_identified_mistake, human_leaked

    judged = [(c.annotations[t], verdict) for (c, t, _), verdict in zip(responses, plan, strict=True) if verdict]
    human_leak = [int(human_leaked(a)) for a, _ in judged]
    judge_leak = [int(v[1] != "no") for _, v in judged]
    human_guide = [int(human_guided(a)) for a, _ in judged]
    judge_guide = [int(v[0] in ("focus", "probing")) for _, v in judged]
    human_mistake = [int(human_identified_mistake(a)) for a, _ in judged]
    judge_correct = [int(v[2] == "correct") for _, v in judged]
    assert metrics["leakage_f1"] == pytest.approx(f1_score(human_leak, judge_leak, zero_division=0.0))
    assert metrics["leakage_accuracy"] == pytest.approx(sum(map(int.__eq__, human_leak, judge_leak)) / 5)
    assert metrics["socratic_macro_f1"] == pytest.approx(
        f1_score(human_guide, judge_guide, average="macro", labels=[0, 1], zero_division=0.0)
    )
    kappa = cohen_kappa_score(human_mistake, judge_correct)
    assert metrics["correctness_kappa"] == pytest.approx(0.0 if math.isnan(kappa) else kappa)
    assert metrics["leakage_scoring_errors"] == metrics["socratic_scoring_errors"] == 1
    assert sum(1 for s in log.samples for e in s.events if e.event == "model" and e.role == "grader") == 6


def test_a_card_of_a_limited_run_says_what_it_covers(tmp_path):
    from trtutor.scorers.judge_card import partial_log_note

    [log] = eval(judge_agreement(judge="offline", data=bundled_mrbench()), model="none", limit=20, display="none",
                 log_dir=str(tmp_path))  # fmt: skip
    assert log.status == "success"
    assert partial_log_note(log.location).startswith("note: this card covers 20 of the 787 responses")


def test_mathdial_moves(tmp_path):
    [log] = eval(judge_agreement(data=str(REPO / "trtutor/data/bundled/mathdial_test_dev.csv")), model="none",
                 limit=40, display="none")  # fmt: skip
    assert log.status == "success"
    metrics = {name: m.value for s in log.results.scores for name, m in s.metrics.items()}
    assert {"move_macro_f1", "move_accuracy", "move_f1_focus", "move_f1_generic"} <= set(metrics)
    pairs = [(s.scores["move_agreement"].value["move_human"], s.scores["move_agreement"].value["move_judge"])
             for s in log.samples]  # fmt: skip
    assert metrics["move_accuracy"] == pytest.approx(sum(h == j for h, j in pairs) / len(pairs))
    from trtutor.data.splits import is_judge_train_problem

    assert not any(is_judge_train_problem(s.metadata["qid"]) for s in log.samples)
    from trtutor.agreement_table import agreement_table

    with pytest.raises(ValueError, match="MathDial data .* no tutors to tabulate; its figures are the log's metrics"):
        agreement_table(log.location)  # `trtutor agreement` on it says where its figures are
    # given a folder, `trtutor agreement` and `trtutor judge-card` read its newest log of tutors' responses, not a
    # newer MathDial log beside it
    from trtutor.scorers.judge_card import JudgeCardError, agreement_log

    folder = tmp_path / "agreement_logs"
    folder.mkdir()
    shutil.copy(log.location, folder)
    with pytest.raises(JudgeCardError, match="no tasks/judge_agreement log of MRBench or BEA 2025 data"):
        agreement_log(str(folder))
    # an older log of MRBench data beside it (this one's header, as an MRBench run's, written a year earlier)
    from inspect_ai.log import read_eval_log, write_eval_log

    older = read_eval_log(log.location, header_only=True)
    older.eval.metadata = {**(older.eval.metadata or {}), "data_format": "mrbench"}
    older.eval.created = "2025-12-02T00:00:00+00:00"
    write_eval_log(older, str(folder / "2025-12-02T00-00-00+00-00_judge-agreement_mrbench.eval"))
    assert Path(agreement_log(str(folder))).name == "2025-12-02T00-00-00+00-00_judge-agreement_mrbench.eval"


def test_unbound_grader_is_refused():
    [log] = eval(judge_agreement(judge="llm"), model="none", limit=1, display="none")
    assert log.status == "error" and "grader" in log.error.message


@pytest.mark.parametrize(("tutor", "count"), [("GPT4", 95), ("Novice", 27)])
def test_mrbench_replay(tutor, count):
    replay = get_model("trtutor/mrbench-replay", tutor=tutor)
    # built by eval(), as `inspect eval` does, so the task knows which tutor is replayed
    [log] = eval(mrbench, task_args={"judge": "offline"}, model=replay, display="none")
    assert log.status == "success"
    assert len(log.samples) == count and log.eval.metadata["replayed_tutor"] == tutor
    for sample in log.samples:
        assert sample.output.completion == sample.metadata["recorded_responses"][tutor]


def test_mrbench_replay_needs_a_known_tutor():
    with pytest.raises(ValueError, match="needs -M tutor=NAME"):
        get_model("trtutor/mrbench-replay", tutor="Nobody")


def test_mrbench_loader_edge_cases(tmp_path):
    conversations, report = load_mrbench(bundled_mrbench())
    ids = [c.conversation_id for c in conversations]
    assert len(set(ids)) == len(ids) == 95  # the file repeats three conversation ids
    assert sum(len(c.responses) for c in conversations) == 787
    assert sum(c.final_answer is None for c in conversations) == 27  # Bridge: no ground truth
    records = json.loads(bundled_mrbench().read_text())[:3]
    records[1]["conversation_history"] = "no speakers here"
    del records[2]["anno_llm_responses"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records[:2]))
    conversations, report = load_mrbench(path)
    assert len(conversations) == 1 and report.skipped[0]["row"] == 2
    path.write_text(json.dumps(records))
    with pytest.raises(MathDialFormatError, match=r"bad\.json, record 3: missing field\(s\) anno_llm_responses"):
        load_mrbench(path)


def test_parse_history():
    turns = parse_history(
        "Student: 245\u00a0\n\u00a0Tutor: Nice try!\u00a0\n\u00a0Tutor: What is 27 + 16?\n\u00a0Student: 11664."
    )
    assert [(t.speaker, t.text) for t in turns] == [
        ("student", "245"),
        ("teacher", "Nice try!"),
        ("teacher", "What is 27 + 16?"),
        ("student", "11664."),
    ]
