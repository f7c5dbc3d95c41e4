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
    # Stages of the data pipeline; the seed scripts' flag names are accepted as aliases.
    reason_parser = commands.add_parser("reason", help="stage 1: reasoner context for every teacher turn")
    reason_parser.add_argument("--data", "--input_dir", "--problems", dest="data", default=None,
                               help="MathDial file or hub name (default: bundled dev data)")  # fmt: skip
    reason_parser.add_argument("--model", required=True, help="any Inspect model, e.g. openai/o3-mini")
    reason_parser.add_argument("--output", "--output_json", dest="output", required=True, help="JSON Lines results")
    reason_parser.add_argument("--limit", type=int, default=None, help="only the first N teacher turns")
    reason_parser.add_argument("--max-connections", type=int, default=16, help="concurrent model calls")
    reason_parser.add_argument("--max-retries", type=int, default=2, help="asks again after a malformed reply")
    reason_parser.add_argument("--drop-incorrect", action="store_true", help="keep only contexts with a right answer")
    reason_parser.add_argument("--prices", default=None, help='JSON {"model": [usd_per_M_in, usd_per_M_out]}')
    generate_parser = commands.add_parser("generate", help="stage 2: enhanced dialogues with reasoner context")
    generate_parser.add_argument("--data", "--input_dir", "--problems", dest="data", default=None)
    generate_parser.add_argument("--reasoner-context", "--solutions", dest="reasoner_context", required=True,
                                 help="what `trtutor reason` wrote")  # fmt: skip
    generate_parser.add_argument("--output", "--output_json", dest="output", required=True)
    sft_parser = commands.add_parser("prepare-sft", help="stage 3: SFT data (alpaca JSON and chat JSON Lines)")
    sft_parser.add_argument("--data", "--input_dir", dest="data", required=True, help="what `trtutor generate` wrote")
    sft_parser.add_argument("--output", "--output_json", dest="output", required=True, help="output folder")
    sft_parser.add_argument("--test-fraction", type=float, default=0.1)
    sft_parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    if args.command == "reason":
        from trtutor.model_calls import MissingApiKeyError, load_prices
        from trtutor.reasoner import ReasonConfig, reason, summary_text

        config = ReasonConfig(args.data, args.model, args.output, args.limit, args.max_connections,
                              args.max_retries, args.drop_incorrect)  # fmt: skip
        try:
            summary = reason(config)
        except (MissingApiKeyError, ValueError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(summary_text(summary, load_prices(args.prices)))
        return 0
    if args.command == "generate":
        from trtutor.dialogues import generate

        report = generate(args.data, args.reasoner_context, args.output)
        print(f"{report.turns} teacher turns of {report.dialogues} dialogues written to {report.output}; "
              f"{report.without_context} turns without a usable reasoner context left out")  # fmt: skip
        return 0
    if args.command == "prepare-sft":
        from trtutor.sft_data import prepare_sft

        sft = prepare_sft(args.data, args.output, test_fraction=args.test_fraction, seed=args.seed)
        print(f"train: {sft.train} examples ({sft.train_problems} problems); test: {sft.test} examples "
              f"({sft.test_problems} problems)\nwrote " + ", ".join(sft.files))  # fmt: skip
        return 0

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
