import json

from trtutor.cli import main


def test_check_data_reports_counts(capsys):
    assert main(["check-data"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["conversations"], summary["turn_samples"], summary["rows_skipped"]) == (448, 2311, 0)
    assert summary["turn_samples_outside_judge_train"] < summary["turn_samples"]


def test_check_data_bad_file_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "data.pkl"
    path.write_bytes(b"not really a pickle")
    assert main(["check-data", str(path)]) == 2
    assert "refusing to load a pickle" in capsys.readouterr().err
