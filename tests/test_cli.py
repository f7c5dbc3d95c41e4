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


def test_a_broken_log_is_named_by_every_command_that_reads_logs(tmp_path, capsys):
    """A log cut short (or any file that is no log) in a folder of logs: one line naming that file, no traceback."""
    logs = tmp_path / "logs"
    logs.mkdir()
    broken = logs / "2026-01-01T00-00-00+00-00_socratic_abc.eval"
    broken.write_bytes(b"PK\x03\x04 cut short")
    for command in (["leaderboard", str(logs), "--out", str(tmp_path / "board")], ["agreement", str(broken)],
                    ["stress-test", str(broken)]):  # fmt: skip
        assert main(command) == 2, command
        error = capsys.readouterr().err
        assert f"{broken}: not a readable Inspect log" in error and "Traceback" not in error, (command, error)
