"""The `trtutor` command: thin parsing and printing over library functions."""

from __future__ import annotations

import argparse
import json
import sys

from trtutor.data.mathdial import MathDialFormatError, load_conversations
from trtutor.data.splits import is_judge_train_problem
from trtutor.data.turn_samples import turn_contexts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="trtutor", description="TRTutor: Socratic tutor evaluation harness")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check-data", help="load a MathDial file and report what would be sampled or skipped")
    check.add_argument("data", nargs="?", default=None, help="MathDial file or hub name (default: bundled dev data)")
    check.add_argument("--allow-pickle", action="store_true", help="allow a pandas pickle (runs code when loaded)")
    agreement = commands.add_parser(
        "agreement", help="per-tutor table of a tasks/judge_agreement.py log: human rate vs judge rate"
    )
    agreement.add_argument("log", help="an Inspect log file of tasks/judge_agreement.py on MRBench data")
    board = commands.add_parser("leaderboard", help="a results table across talkers from Inspect logs")
    board.add_argument("logs", nargs="+", help="log files or folders (talker logs, and judge_agreement logs)")
    board.add_argument("--out", required=True, help="output folder, e.g. results/NAME")
    board.add_argument("--reference", default=None, help="the row others are compared with (default: human teacher)")
    board.add_argument("--allow-mixed", action="store_true", help="allow logs that differ in judge, prompts or samples")
    args = parser.parse_args(argv)

    if args.command == "leaderboard":
        from trtutor.leaderboard import build_leaderboard, display_table, read_logs, write_leaderboard

        try:
            data = read_logs(args.logs, allow_mixed=args.allow_mixed, quiet=False)
            board_ = build_leaderboard(data, reference=args.reference)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        written = write_leaderboard(board_, args.out)
        print(display_table(board_).to_markdown(index=False))
        print("\nwrote " + ", ".join(str(path) for path in written))
        return 0

    if args.command == "agreement":
        from trtutor.agreement_table import agreement_table

        try:
            table = agreement_table(args.log)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(table.to_markdown(index=False, floatfmt=".3f"))
        return 0

    if args.command == "check-data":
        try:
            conversations, report = load_conversations(args.data, allow_pickle=args.allow_pickle)
        except MathDialFormatError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        contexts = turn_contexts(conversations)
        held_out = [c for c in contexts if not is_judge_train_problem(c.conversation.qid)]
        summary = {
            "source": report.source,
            "rows_read": report.rows_read,
            "conversations": len(conversations),
            "problems": len({c.qid for c in conversations}),
            "turn_samples": len(contexts),
            "turn_samples_outside_judge_train": len(held_out),
            "rows_skipped": len(report.skipped),
            "skip_counts": report.skip_counts,
            "skipped": report.skipped,
        }
        print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
