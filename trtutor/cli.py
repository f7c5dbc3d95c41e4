"""The `trtutor` command: thin parsing and printing over library functions."""

from __future__ import annotations

import argparse
import copy
import functools
import json
import sys
from pathlib import Path

from trtutor.data.mathdial import MathDialFormatError, load_conversations
from trtutor.data.splits import is_judge_train_problem
from trtutor.data.turn_samples import turn_contexts
from trtutor.errors import UsageError


class DefaultsHelpFormatter(argparse.HelpFormatter):
    """Help that ends with the default where there is one worth showing (not None, False or an empty list) and the
    help does not already say it."""

    def _format_action(self, action: argparse.Action) -> str:
        text = action.help or ""
        worth_showing = not any(action.default is nothing for nothing in (None, False, argparse.SUPPRESS))
        if worth_showing and action.default != [] and "default" not in text:
            action = copy.copy(action)
            action.help = f"{text} (default: %(default)s)".lstrip()
        return super()._format_action(action)


PRICES_HELP = (
    "price table for the rows' US dollars per 1,000 turns: YAML or JSON, model -> {input, output, "
    "input_cache_write, input_cache_read} in USD per million tokens (Inspect's --model-cost-config format)"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="trtutor", description="TRTutor: Socratic tutor evaluation harness")
    commands = parser.add_subparsers(dest="command", required=True)
    # every sub-command's --help shows its defaults
    commands.add_parser = functools.partial(commands.add_parser, formatter_class=DefaultsHelpFormatter)  # type: ignore[method-assign]
    check = commands.add_parser("check-data", help="load a MathDial file and report what would be sampled or skipped")
    check.add_argument("data", nargs="?", default=None, help="MathDial file or hub name (default: bundled dev data)")
    check.add_argument("--allow-pickle", action="store_true", help="allow a pandas pickle (runs code when loaded)")
    agreement = commands.add_parser(
        "agreement", help="per-tutor table of a tasks/judge_agreement.py log: human rate vs judge rate"
    )
    agreement.add_argument(
        "log", help="an Inspect log of tasks/judge_agreement.py on MRBench or BEA 2025 data (a folder: its newest)"
    )
    card_parser = commands.add_parser(
        "judge-card", help="a judge's card from a tasks/judge_agreement.py log: how its rates map to annotators'"
    )
    card_parser.add_argument(
        "log", help="an Inspect log of tasks/judge_agreement.py on MRBench or BEA 2025 data (a folder: its newest)"
    )
    card_parser.add_argument("--out", help="the card file to write, e.g. cards/gpt-4o.json (without: printed only)")
    stress = commands.add_parser(
        "stress-test", help="per-family table of a tasks/stress_test log: gap to the human teacher, caught or not"
    )
    stress.add_argument("log", help="an Inspect log of tasks/stress_test, or a folder (its newest such log)")
    board = commands.add_parser("leaderboard", help="a results table across talkers from Inspect logs")
    board.add_argument("logs", nargs="+", help="log files or folders (talker logs, and judge_agreement logs)")
    board.add_argument("--out", required=True, help="output folder, e.g. results/NAME")
    board.add_argument("--reference", default=None, help="the row others are compared with (default: human teacher)")
    board.add_argument(
        "--allow-mixed",
        action="store_true",
        help="allow logs that differ in task, data, judge, prompts, problems left out as trained on, or samples",
    )
    board.add_argument(
        "--judge-card",
        default=None,
        help="the logs' judge's card (trtutor judge-card); offline judges use their shipped card by default",
    )
    board.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="allow talker logs that did not finish or have failed samples (the table counts what is missing)",
    )
    board.add_argument("--prices", default=None, help=PRICES_HELP)
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
    reason_parser.add_argument(
        "--prices",
        default=None,
        help='the leaderboard\'s price table, or JSON {"model": [usd_per_M_in, usd_per_M_out]}',
    )
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
    predict_parser = commands.add_parser("predict", help="the next tutor turn for each SFT test item, from an adapter")
    predict_parser.add_argument("--adapter_path", "--adapter-path", dest="adapter_path", default=None,
                                help="LoRA adapter folder (training/sft_talker.py's output_dir)")  # fmt: skip
    predict_parser.add_argument("--test_json", "--test-json", dest="test_json", required=True,
                                help="SFT test file: prepare-sft's test.jsonl or test_alpaca.json")  # fmt: skip
    predict_parser.add_argument("--output_json", "--output-json", dest="output_json", required=True)
    predict_parser.add_argument("--base_model", "--base-model", dest="base_model", default=None,
                                help="default: the adapter's base, from its card or adapter_config.json")  # fmt: skip
    predict_parser.add_argument("--backend", choices=["auto", "vllm", "transformers"], default="auto")
    predict_parser.add_argument("--max_new_tokens", "--max-new-tokens", dest="max_new_tokens", type=int, default=256)
    predict_parser.add_argument("--temperature", type=float, default=0.0, help="0 (default): greedy")
    predict_parser.add_argument("--top_p", "--top-p", dest="top_p", type=float, default=1.0)
    predict_parser.add_argument("--seed", type=int, default=0)
    predict_parser.add_argument("--batch_size", "--batch-size", dest="batch_size", type=int, default=8)
    predict_parser.add_argument("--device", default=None, help="transformers backend: cpu, cuda, ... (default: auto)")
    predict_parser.add_argument("--limit", type=int, default=None, help="only the first N test items")
    serve_parser = commands.add_parser("serve", help="serve a base model and its adapters for `inspect eval`")
    serve_parser.add_argument("--base", required=True, help="the base model the adapters were trained on")
    serve_parser.add_argument("--adapter", action="append", default=[], metavar="NAME=PATH",
                              help="an adapter folder, named (repeat for several)")  # fmt: skip
    serve_parser.add_argument("--engine", choices=["vllm", "transformers"], default="vllm",
                              help="vllm (GPU, default) or transformers (merged adapters; CPU works)")  # fmt: skip
    serve_parser.add_argument("--vllm", default=None, help="the vllm executable (default: vllm on PATH)")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=None, help="default: a free port")
    serve_parser.add_argument("--device", default="auto", help="transformers engine: auto, cpu, cuda:0, ...")
    serve_parser.add_argument("--merge-dir", default=None, help="transformers engine: where merged models go")
    serve_parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the server")
    serve_parser.add_argument("--dry-run", action="store_true", help="print the commands, start nothing")
    serve_parser.add_argument("server_args", nargs="*", help="after --: more arguments for the server")
    evals = commands.add_parser("eval-adapters", help="base, adapters and human teacher in one eval set + leaderboard")
    evals.add_argument("--base", required=True, help="the base model the adapters were trained on")
    evals.add_argument("--adapter", action="append", default=[], metavar="NAME=PATH", help="repeat for several")
    evals.add_argument("--engine", choices=["vllm", "peft"], default="vllm",
                       help="vllm (GPU: VLLM_BASE_URL from trtutor serve, or vLLM here) or peft (CPU)")  # fmt: skip
    evals.add_argument("--judge", choices=["offline", "llm"], default="offline", help="offline judges, or an LLM judge")
    evals.add_argument(
        "--grader", default=None, help="the judge model for --judge llm, e.g. openai/gpt-4o (a jury: comma-separated)"
    )
    evals.add_argument("--task", default="socratic", choices=["socratic", "mrbench", "mathtutorbench"],
                       help="the task every talker runs (mathtutorbench: its nine tasks)")  # fmt: skip
    evals.add_argument("-T", dest="task_args", action="append", default=[], metavar="NAME=VALUE",
                       help="a task parameter, as for inspect eval (repeat for several)")  # fmt: skip
    evals.add_argument("--limit", type=int, default=None, help="only the first N samples (default: all)")
    evals.add_argument("--max-tokens", type=int, default=None,
                       help="most tokens of a talker's turn; mathtutorbench: its own 2048 (default: 256)")  # fmt: skip
    evals.add_argument("--max-connections", type=int, default=32, help="concurrent calls per model (talkers, grader)")
    evals.add_argument("--log-dir", default="logs/eval-adapters",
                       help="the eval set's folder; the same command again resumes from it")  # fmt: skip
    evals.add_argument("--out", default=None, help="leaderboard folder, e.g. results/NAME (default: no files)")
    evals.add_argument("--no-base", action="store_true", help="leave out the base model row")
    evals.add_argument("--no-human", action="store_true", help="leave out the human-teacher row")
    evals.add_argument("--baselines", action="store_true",
                       help="add the degenerate baseline talkers (trtutor/baseline): the table's floor")  # fmt: skip
    evals.add_argument("--device", default=None, help="peft engine: cpu, cuda, ... (default: the best there is)")
    evals.add_argument("--prices", default=None, help=PRICES_HELP)
    evals.add_argument("--judge-card", default=None,
                       help="the judge's card (trtutor judge-card); offline judges use their own")  # fmt: skip
    submit = commands.add_parser(
        "bea-submit", help="BEA 2025 shared-task predictions (one file per track) from our judges"
    )
    submit.add_argument("--data", required=True, help="a BEA 2025 file, e.g. mrbench_v3_testset.json")
    submit.add_argument("--judge", choices=["offline", "llm"], default="offline", help="offline judges, or an LLM")
    submit.add_argument("--grader", default=None, help="the judge model for --judge llm, e.g. openai/gpt-4o")
    submit.add_argument("--out", required=True, help="folder for the predictions (and the judging log)")
    submit.add_argument("--limit", type=int, default=None, help="only the first N responses (default: all)")
    submit.add_argument("--max-connections", type=int, default=32, help="concurrent grader calls")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except UsageError as error:  # a user's mistake: one line, no traceback
        print(f"error: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
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

    if args.command == "predict":
        from trtutor.predict import DecodingSettings, PredictConfig, predict

        decoding = DecodingSettings(args.max_new_tokens, args.temperature, args.top_p, args.seed)
        config = PredictConfig(args.test_json, args.output_json, args.adapter_path, args.base_model, args.backend,
                               decoding, args.batch_size, args.device, args.limit)  # fmt: skip
        try:
            result = predict(config)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        provenance = result["provenance"]
        print(f"{provenance['items']} predictions ({provenance['backend']}, {provenance['seconds']} s) written to "
              f"{args.output_json}")  # fmt: skip
        return 0

    if args.command == "serve":
        return _serve(args)

    if args.command == "eval-adapters":
        return _eval_adapters(args)

    if args.command == "leaderboard":
        return _leaderboard(args)

    if args.command == "bea-submit":
        from trtutor.bea_submit import BeaSubmitConfig, bea_submit

        try:
            submission = bea_submit(
                BeaSubmitConfig(args.data, args.out, args.judge, args.grader, args.max_connections, args.limit)
            )
        except RuntimeError as error:  # the judging eval failed: its reason and its log, not a traceback
            print(f"error: {error}", file=sys.stderr)
            return 1
        for path in submission.files:
            print(path)
        print(f"{submission.responses} responses judged; log: {submission.log}")
        if submission.not_asked:
            print(f"{submission.not_asked} response(s) beyond --limit were not judged and have no label in the files")
        if submission.unlabelled:
            print(
                f"error: {len(submission.unlabelled)} response(s) have no label for every track (the judge's reply "
                f"could not be used), so the files are incomplete: {', '.join(submission.unlabelled[:10])}",
                file=sys.stderr,
            )
            return 1
        return 0

    if args.command == "agreement":
        from trtutor.agreement_table import agreement_report
        from trtutor.scorers.judge_card import agreement_log

        try:
            report = agreement_report(agreement_log(args.log))
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(report)
        return 0

    if args.command == "judge-card":
        from trtutor.scorers.judge_card import JudgeCardError, card_from_log, card_summary, partial_log_note

        try:
            card = card_from_log(args.log)
        except (JudgeCardError, ValueError, FileNotFoundError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(card_summary(card))
        if note := partial_log_note(args.log):
            print(f"\n{note}")
        if args.out:
            print(f"\nwrote {card.write(args.out)}")
        return 0

    if args.command == "stress-test":
        from trtutor.tasks.stress_test.report import stress_test_table

        try:
            print(stress_test_table(args.log))
        except (ValueError, FileNotFoundError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
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


def _serve(args: argparse.Namespace) -> int:
    """Start the server, print the `inspect eval` command, and stop the server on Ctrl-C (or SIGTERM)."""
    import signal

    from trtutor.serving import ServeError, plan_from_args, start_server, stop_server

    try:
        plan = plan_from_args(args.engine, args.base, args.adapter, vllm=args.vllm, host=args.host, port=args.port,
                              device=args.device, merge_dir=args.merge_dir, extra_args=args.server_args,
                              dry_run=args.dry_run)  # fmt: skip
    except (ValueError, ServeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("server: " + " ".join(plan.command), flush=True)
    for note in plan.notes:  # a dry run plans without the engine: what it lacks is said with the plan
        print(f"note: {note}", flush=True)
    if args.dry_run:
        print("evaluate with:\n  " + plan.inspect_command(), flush=True)
        return 0

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGINT too, explicitly: a serve started as a background job inherits SIGINT ignored (a shell does that without
    # job control), and Python then keeps ignoring it, so `kill -INT` would leave the server running
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    process = None
    try:
        process = start_server(plan, timeout=args.timeout)
        names = ", ".join(adapter.name for adapter in plan.adapters) or "none"
        print(f"ready: {plan.base} with adapters {names} ({plan.engine}) at {plan.base_url}, pid {process.pid}. "
              "Ctrl-C stops it.\nevaluate with:\n  " + plan.inspect_command(), flush=True)  # fmt: skip
        return process.wait()
    except ServeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopping the server", file=sys.stderr)
        return 0
    finally:
        # a second Ctrl-C must not cut the stop short and leave the server's workers running
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if process is not None and not stop_server(process):
            print(f"error: processes of the server's group {process.pid} are still running", file=sys.stderr)


def _leaderboard(args: argparse.Namespace) -> int:
    """The table from socratic/mrbench logs, the Success@k/Telling@k curves from interactive logs, and the
    MathTutorBench table from its tasks' logs: each where such logs are among those given."""
    from trtutor.leaderboard import (
        NoInteractiveLogsError,
        NoTalkerLogsError,
        build_leaderboard,
        display_table,
        log_files,
        read_curves,
        read_logs,
        write_curves,
        write_leaderboard,
    )
    from trtutor.leaderboard.cost import load_prices
    from trtutor.leaderboard.mathtutorbench import (
        NoMathTutorBenchLogsError,
        mathtutorbench_table,
        read_mathtutorbench_logs,
        write_mathtutorbench,
    )
    from trtutor.leaderboard.render import numbers_lines

    prices = load_prices(args.prices) if args.prices else None  # a bad table stops it before any log is read

    def talker_table() -> tuple[list[Path], str]:
        # Inspect's progress bar, on a terminal only: piped or redirected, it would leave blank lines before the table
        data = read_logs(args.logs, allow_mixed=args.allow_mixed, allow_incomplete=args.allow_incomplete,
                         quiet=not sys.stdout.isatty())  # fmt: skip
        _warn_mixed("table", data.mixed)
        board = build_leaderboard(data, reference=args.reference, judge_card=args.judge_card, prices=prices)
        # what the cells are (annotators' rates estimated from a judge card, or the judge's own), above the table:
        # they differ from the eval's printed means, and a reader of the console alone must know which they see
        numbers = numbers_lines(board)[0].replace("**", "")
        return write_leaderboard(board, args.out), numbers + "\n\n" + display_table(board).to_markdown(index=False)

    def interactive_curves() -> tuple[list[Path], str]:
        curves, provenance = read_curves(log_files(args.logs), allow_mixed=args.allow_mixed)
        _warn_mixed("interactive curves", provenance["mixed"])
        return write_curves(curves, provenance, args.out), curves.to_markdown(index=False, floatfmt=".3f")

    def mathtutorbench() -> tuple[list[Path], str]:
        board = read_mathtutorbench_logs(log_files(args.logs))
        return write_mathtutorbench(board, args.out), mathtutorbench_table(board).to_markdown(index=False)

    written: list[Path] = []
    found = 0
    for section, absent in ((talker_table, NoTalkerLogsError), (interactive_curves, NoInteractiveLogsError),
                            (mathtutorbench, NoMathTutorBenchLogsError)):  # fmt: skip
        try:
            files, text = section()
        except absent:  # no logs of this kind among those given
            continue
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        written += files
        print(text)
        found += 1
    if not found:
        print("error: no talker logs (tasks/socratic.py, tasks/mrbench.py, tasks/interactive.py or "
              "tasks/mathtutorbench/)", file=sys.stderr)  # fmt: skip
        return 2
    print("\nwrote " + ", ".join(str(path) for path in written))
    return 0


def _warn_mixed(what: str, mixed: dict[str, list[str]]) -> None:
    """One line on stderr naming the fields in which the logs differ (with --allow-mixed): the files say MIXED, and
    the console must too, or a user who only reads the printed table takes it for a like-with-like comparison."""
    if mixed:
        differ = "; ".join(f"{name} ({' vs '.join(values[:4])})" for name, values in mixed.items())
        print(f"warning: --allow-mixed: the logs of this {what} differ in {differ}; it is marked MIXED: it does not "
              "compare like with like", file=sys.stderr)  # fmt: skip


def _eval_adapters(args: argparse.Namespace) -> int:
    from trtutor.eval_adapters import EvalAdaptersConfig, eval_adapters
    from trtutor.leaderboard import display_table

    task_args = {}
    for item in args.task_args:
        name, sep, value = item.partition("=")
        if not sep:
            print(f"error: -T {item!r}: expected NAME=VALUE", file=sys.stderr)
            return 2
        task_args[name] = _task_arg_value(value)
    config = EvalAdaptersConfig(
        base=args.base, adapters=args.adapter, engine=args.engine, judge=args.judge, grader=args.grader,
        task=args.task, task_args=task_args, log_dir=args.log_dir, out=args.out, limit=args.limit,
        max_tokens=args.max_tokens, max_connections=args.max_connections, include_base=not args.no_base,
        include_human=not args.no_human, device=args.device, baselines=args.baselines, prices=args.prices,
        judge_card=args.judge_card,
    )  # fmt: skip
    try:
        files, board = eval_adapters(config)
    except (ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.task == "mathtutorbench":
        from trtutor.leaderboard.mathtutorbench import mathtutorbench_table

        print(mathtutorbench_table(board).to_markdown(index=False))
    else:
        print(display_table(board).to_markdown(index=False))
    print(f"\n{len(files)} logs in {args.log_dir}" + (f"; leaderboard in {args.out}" if args.out else ""))
    return 0


def _task_arg_value(value: str) -> object:
    """A -T value as Inspect reads one: JSON (numbers, true/false, lists) when it parses, else the string."""
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


if __name__ == "__main__":
    sys.exit(main())
