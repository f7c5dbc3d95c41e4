import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from trtutor.data import mathdial
from trtutor.data.mathdial import (
    REQUIRED_COLUMNS,
    MathDialFormatError,
    bundled_dev_data,
    load_conversations,
    moment_student_name,
    parse_conversation,
)

EXAMPLE = Path(__file__).parent / "data" / "mathdial_example.jsonl"


def _dev_rows() -> list[dict[str, str]]:
    with bundled_dev_data().open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_bundled_data_loads_completely(dev_conversations):
    conversations, report = load_conversations()
    assert report.rows_read == 448
    assert report.skipped == []
    assert len(conversations) == 448
    teacher_moves = [t.move for c in conversations for t in c.turns if t.speaker == "teacher"]
    assert len(teacher_moves) == 2759
    assert set(teacher_moves) == {"focus", "probing", "telling", "generic"}


def test_parses_first_real_row(dev_conversations):
    first = dev_conversations[0]
    assert first.qid == "6000025"
    assert first.final_answer == 10
    assert first.student_name == "Mariana"
    assert [(t.speaker, t.move) for t in first.turns[:4]] == [
        ("teacher", "generic"),
        ("student", None),
        ("teacher", "focus"),
        ("student", None),
    ]
    assert first.turns[0].text == "Hi Mariana, please talk me through your solution"
    assert first.turns[2].text.startswith("Okay -  you've overcomplicated this.")
    assert first.turns[-1] == mathdial.Turn("student", "So Julia bought a package of 10 spoons.")


def test_a_moments_student_name_is_its_profiles_capitalised_first_word(dev_conversations):
    """Every reader of the student's name (the offline judges' narration and naming checks, `strategy`'s "you", the
    generated negatives) reads it from `moment_student_name`."""
    assert moment_student_name({"student_profile": dev_conversations[0].student_profile}) == "Mariana"
    assert moment_student_name({"student_profile": "Cody, a 7th grade student"}) == "Cody"
    for metadata in ({}, {"student_profile": None}, {"student_profile": "the student likes math"},
                     {"student_profile": "7th grader"}):  # fmt: skip
        assert moment_student_name(metadata) == ""


def test_student_named_instead_of_student_is_a_student_turn(dev_conversations):
    # Row 4 of the dev CSV writes "Cody: ..." for the student's turns.
    cody = dev_conversations[3]
    assert cody.student_name == "Cody"
    assert cody.turns[1].speaker == "student"
    assert cody.turns[1].text.startswith("Sure. I started by figuring out")


def test_conversation_ids_are_unique_and_stable(dev_conversations):
    ids = [c.conversation_id for c in dev_conversations]
    assert len(set(ids)) == len(ids)
    again, _ = load_conversations()
    assert [c.conversation_id for c in again] == ids
    # several conversations share one problem, so the id must name more than the qid
    assert len({c.qid for c in dev_conversations}) < len(ids)


def test_json_lines_example_loads():
    conversations, report = load_conversations(EXAMPLE)
    assert report.skipped == []
    assert [c.qid for c in conversations] == ["5000794", "5000195"]
    assert [c.final_answer for c in conversations] == [30, 72]
    # the upstream sample writes newlines as a literal backslash-n
    assert "\\n" not in conversations[0].ground_truth


def test_json_list_and_csv_agree(tmp_path):
    rows = _dev_rows()[:5]
    json_path = tmp_path / "rows.json"
    json_path.write_text(json.dumps(rows))
    from_json, _ = load_conversations(json_path)
    from_csv, _ = load_conversations(_write_csv(tmp_path / "rows.csv", rows))
    assert from_json == [c.__class__(**{**c.__dict__, "source": str(json_path)}) for c in from_csv]


def test_missing_column_names_file_and_column(tmp_path):
    rows = [{k: v for k, v in row.items() if k != "ground_truth"} for row in _dev_rows()[:2]]
    path = _write_csv(tmp_path / "no_truth.csv", rows)
    with pytest.raises(MathDialFormatError, match=r"no_truth\.csv: missing column\(s\) ground_truth"):
        load_conversations(path)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("conversation", "", "empty_conversation"),
        ("conversation", "Teacher: (generic)Hi|EOM|just some words without a speaker", "turn_without_speaker"),
        ("conversation", "Teacher: (generic)Hi|EOM|Principal: hello", "turn_without_speaker"),
        ("ground_truth", "She needs to add them all together.", "ground_truth_without_number"),
        ("conversation", "Student: I think 4|EOM|Teacher: (probing)why?", "bad_conversation"),
    ],
)
def test_bad_row_is_skipped_and_counted_or_raised(tmp_path, field, value, reason):
    rows = _dev_rows()[:4]
    rows[2] = {**rows[2], field: value}
    path = _write_csv(tmp_path / "bad.csv", rows)

    conversations, report = load_conversations(path)
    assert len(conversations) == 3
    assert report.skip_counts == {reason: 1}
    assert report.skipped[0]["row"] == 3 and report.skipped[0]["source"] == str(path)
    assert report.as_metadata()["rows_skipped"] == 1

    with pytest.raises(MathDialFormatError, match=r"bad\.csv, row 3: "):
        load_conversations(path, on_bad_row="raise")


def test_duplicate_conversation_is_counted(tmp_path):
    rows = _dev_rows()[:2]
    conversations, report = load_conversations(_write_csv(tmp_path / "dup.csv", [*rows, rows[0]]))
    assert len(conversations) == 2
    assert report.skip_counts == {"duplicate_conversation": 1}


def test_pickle_is_refused_unless_allowed(tmp_path):
    path = tmp_path / "mathdial.pkl"
    pd.DataFrame(_dev_rows()[:3]).to_pickle(path)
    with pytest.raises(MathDialFormatError, match="refusing to load a pickle, because unpickling runs code"):
        load_conversations(path)
    conversations, _ = load_conversations(path, allow_pickle=True)
    assert len(conversations) == 3


def test_bad_json_line_names_file_and_line(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(_dev_rows()[0]) + "\n{not json\n")
    with pytest.raises(MathDialFormatError, match=r"broken\.jsonl, line 2: not valid JSON"):
        load_conversations(path)


@pytest.mark.parametrize("name", ["missing.csv", "./nothing/here.jsonl"])
def test_missing_file(tmp_path, name, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MathDialFormatError, match="no such file"):
        load_conversations(name)


def test_unknown_format(tmp_path):
    path = tmp_path / "mathdial.xlsx"
    path.write_text("x")
    with pytest.raises(MathDialFormatError, match="unknown format '.xlsx'"):
        load_conversations(path)


def test_hub_dataset_goes_through_datasets(monkeypatch, tmp_path):
    calls = []

    class FakeDataset:
        def to_list(self):
            return _dev_rows()[:2]

    def fake_load_dataset(name, split):
        calls.append((name, split))
        return FakeDataset()

    import datasets

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    monkeypatch.chdir(tmp_path)
    conversations, report = load_conversations("eth-nlped/mathdial")
    assert calls == [("eth-nlped/mathdial", "test")]
    assert report.source == "hf:eth-nlped/mathdial:test" and len(conversations) == 2
    load_conversations("eth-nlped/mathdial:train")
    assert calls[-1] == ("eth-nlped/mathdial", "train")


def test_a_hub_dataset_that_cannot_be_loaded_is_one_clear_error(monkeypatch, tmp_path):
    """Offline (or a name that is not there), `datasets` raises from deep inside; the user gets the name and the fix."""
    import datasets

    def offline(name, split):
        raise ConnectionError(f"Couldn't reach '{name}' on the Hub (LocalEntryNotFoundError)")

    monkeypatch.setattr(datasets, "load_dataset", offline)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MathDialFormatError) as error:
        load_conversations("eth-nlped/mathdial")
    message = str(error.value)
    assert message.startswith("eth-nlped/mathdial: could not load this Hugging Face dataset (split test)")
    assert "ConnectionError" in message and "-T data=PATH" in message


def test_parse_conversation_errors_say_which_turn():
    with pytest.raises(ValueError, match="turn 2 has no speaker"):
        parse_conversation("Teacher: (focus)Hi|EOM|no speaker here")
    with pytest.raises(ValueError, match="empty conversation"):
        parse_conversation(" |EOM| ")


def test_required_columns_are_in_dev_data():
    assert set(REQUIRED_COLUMNS) <= set(_dev_rows()[0])
