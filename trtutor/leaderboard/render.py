"""Write a leaderboard: Markdown, CSV, LaTeX (booktabs), one self-contained sortable HTML page, and a PNG per metric."""

from __future__ import annotations

import base64
import html
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from trtutor.leaderboard.cost import TURNS
from trtutor.leaderboard.table import DISPLAY_NAMES, Leaderboard, comparison_table, display_table
from trtutor.scorers.strategy import MIN_CONVERSATIONS


def provenance_lines(board: Leaderboard) -> list[str]:
    """What the numbers come from, one line each."""
    p = board.provenance
    lines = [
        f"Task: {p['task']} (version {p['task_version']}); dataset sha256/location: {p['dataset']}",
        f"Judge: {p['judge']}; samples: {p['samples']} (sample-set fingerprint {p['sample_ids']})",
        "Prompt sha256: " + (", ".join(f"{k} {v[:12]}" for k, v in p["prompt_sha256"].items()) or "none"),
        f"Harness {p['harness_version']}; built {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; "
        f"reference row: {board.reference}",
        *numbers_lines(board),
        "n = samples scored; errors = scoring errors (left out of the mean).",
        cost_line(board),
    ]
    if unread := board.data.strategy_unread:
        talkers = ", ".join(f"{talker} ({n})" for talker, n in sorted(unread.items()))
        lines.append(
            f"Not read by `strategy` (conversations in parentheses; it needs {MIN_CONVERSATIONS}): {talkers}. A talker "
            "that says the same thing at every moment is flagged only across enough conversations; until then its "
            "per-turn numbers may rank it high."
        )
    if p.get("excluded_trained", "none") != "none":
        left_out = f" ({p['excluded_trained_samples']} samples)" if "left out" in p["excluded_trained"] else ""
        lines.insert(2, f"Problems the adapters were trained on: {p['excluded_trained']}{left_out}")
    if board.data.mixed:
        mixed = "; ".join(f"{field}: {' vs '.join(values[:4])}" for field, values in board.data.mixed.items())
        lines.insert(
            0, f"**MIXED TABLE (--allow-mixed): the logs differ in {mixed}. Rows are not strictly comparable.**"
        )
    return lines


def numbers_lines(board: Leaderboard) -> list[str]:
    """What the numbers are: estimates of the annotators' rates from a judge card, or the judge's own rates."""
    card = board.card.card
    covered = [metric for metric in board.metrics if card is not None and metric in card.metrics]
    if not covered:
        why = board.card.note if card is None else f"{board.card.note} covers none of these metrics"
        return [
            f"**Numbers: the judge's rates, not the annotators'** ({why}); intervals: 95 % percentile "
            "bootstrap over conversations; Δ: paired on the samples both talkers scored, p from a permutation test "
            "over conversations, Holm-corrected across the table."
        ]
    assert card is not None
    spread = ", ".join(f"{m} {card.metrics[m].bias:+.3f} ± {card.metrics[m].tutor_spread:.3f}" for m in covered)
    others = [metric for metric in board.metrics if metric not in covered]
    return [
        f"**Numbers: estimates of the rate expert annotators would give** ({', '.join(covered)}), from "
        f"{board.card.note}: the judge's rate less its bias on the card's tutors (bias ± tutor spread: {spread}); "
        "an MRBench tutor the card measured has its own bias, shrunk toward the pooled one. It assumes the judge "
        "errs on a new talker as it erred on the card's tutors. The judge's own rates are in the CSV "
        "(`<metric>_judge_rate`)."
        + (f" {', '.join(others)}: the judge's rates (the card does not cover them)." if others else ""),
        "Intervals: 95 %, over conversations (bootstrap), the card's uncertainty, the tutor spread and the turn-level "
        "disagreement of annotators with the judge; Δ: paired on the samples both talkers scored, likewise, p "
        "two-sided from the same draws, Holm-corrected across the table.",
    ]


def cost_line(board: Leaderboard) -> str:
    """Where the cost columns come from, and what they leave out."""
    f = board.frame
    line = ("Cost per 1,000 scored turns: tokens from Inspect's usage in the logs, the talker's + the judges' "
            "(calls answered from Inspect's cache cost nothing and are not counted)")  # fmt: skip
    if str(board.provenance["judge"]).startswith("offline judges") and "judge" not in board.data.mixed:
        line += "; the offline judges call no model: 0 judge tokens"
    if silent := list(f.loc[f["talker_tokens_per_1k_turns"] == 0, "talker"]):
        line += f"; no talker tokens (recorded or rule-based turns, or every call cached): {', '.join(silent)}"
    if board.prices is None:
        return line + "; no price table given (--prices FILE), so no US dollars."
    line += (f"; US dollars from the price table {board.prices.source} (sha256 {board.prices.sha256[:12]}), "
             "with Inspect's compute_model_cost")  # fmt: skip
    if unpriced := sorted({m for cell in f["unpriced_models"] for m in cell.split("; ") if m}):
        line += f"; no price for {', '.join(unpriced)}, so a row that used one has no dollar figure"
    return line + "."


def cost_summary(board: Leaderboard) -> dict[str, Any]:
    """The cost block of provenance.json: the price table, and each row's cost per 1,000 scored turns."""
    columns = [c for c in board.frame if c.endswith("_per_1k_turns")]
    rows = {
        row["talker"]: {
            **{c: (None if pd.isna(row[c]) else float(row[c])) for c in columns},
            **({"unpriced_models": [m for m in row["unpriced_models"].split("; ") if m]} if board.prices else {}),
        }
        for _, row in board.frame.iterrows()
    }
    prices = {"file": board.prices.source, "sha256": board.prices.sha256} if board.prices else None
    return {"turns": TURNS, "prices": prices, "rows": rows}


def agreement_lines(board: Leaderboard) -> list[str]:
    """How far the judge can be trusted, from judge-agreement logs given with the talker logs."""
    if not board.data.agreement:
        return ["Judge agreement: no tasks/judge_agreement.py log was given, so this table does not say how far its "
                "judge agrees with people."]  # fmt: skip
    lines = []
    for result in board.data.agreement:
        figures = ", ".join(f"{k} {v:.3f}" for k, v in result.items() if isinstance(v, float) and not k.endswith("_n"))
        other = "" if result["judge"] == board.provenance.get("judge") else ", not the judge of this table"
        lines.append(f"Judge agreement ({result['judge']} on {Path(result['data']).name}{other}): {figures}")
    return lines


def write_leaderboard(board: Leaderboard, out: str | Path) -> list[Path]:
    """Write every output into folder `out`; returns the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    table, comparisons = display_table(board), comparison_table(board)
    notes = provenance_lines(board) + agreement_lines(board)
    written = []

    markdown = out / "leaderboard.md"
    markdown.write_text(
        "# Leaderboard\n\n" + "\n".join(f"- {line}" for line in provenance_lines(board)) + "\n\n"
        + "Mean [95 % CI] per metric:\n\n" + table.to_markdown(index=False) + "\n\n"
        + f"## Compared with {board.reference}\n\n" + comparisons.to_markdown(index=False) + "\n\n"
        + "\n".join(agreement_lines(board)) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    written.append(markdown)

    csv = out / "leaderboard.csv"
    board.frame.to_csv(csv, index=False)
    written.append(csv)

    tex = out / "leaderboard.tex"
    tex.write_text(_latex(board, table), encoding="utf-8")
    written.append(tex)

    plots = _plots(board, out)
    page = out / "leaderboard.html"
    page.write_text(_html(table, comparisons, board.reference, notes, plots), encoding="utf-8")
    written.append(page)
    written += plots
    provenance = {**board.provenance, "cost": cost_summary(board)}
    (out / "provenance.json").write_text(json.dumps(provenance, indent=2, default=str), encoding="utf-8")
    written.append(out / "provenance.json")
    return written


def _latex(board: Leaderboard, table) -> str:  # noqa: ANN001 - a pandas DataFrame
    columns = list(table.columns)
    body = table[columns]
    body = body.map(_tex_escape)
    body.columns = [_tex_escape(c) for c in body.columns]
    styler = body.style.hide(axis="index")
    latex = styler.to_latex(hrules=True, column_format="l" + "r" * (len(columns) - 1))
    comments = "".join(f"% {line.replace('**', '')}\n" for line in provenance_lines(board))
    # a paper's table has room for the estimates only; say where the rest went
    dropped = "% differences, p-values and counts are in leaderboard.md, .html and .csv\n"
    return "% requires \\usepackage{booktabs}\n" + comments + dropped + latex


_TEX = {"%": r"\%", "_": r"\_", "&": r"\&", "#": r"\#", "$": r"\$", "↑": r"$\uparrow$", "↓": r"$\downarrow$",
        "Δ": r"$\Delta$", "—": "---"}  # fmt: skip


def _tex_escape(value: object) -> str:
    return "".join(_TEX.get(character, character) for character in str(value))


_SORT_SCRIPT = """
document.querySelectorAll('th').forEach((th, column) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0];
  const ascending = th.dataset.order !== 'asc';
  th.dataset.order = ascending ? 'asc' : 'desc';
  const key = (row) => { const t = row.cells[column].innerText; const n = parseFloat(t.replace(/[^0-9eE+.-].*$/, ''));
                         return isNaN(n) ? t : n; };
  [...body.rows].sort((a, b) => { const x = key(a), y = key(b);
    return (x > y ? 1 : x < y ? -1 : 0) * (ascending ? 1 : -1); }).forEach((row) => body.appendChild(row));
}));
"""


def _html_table(table) -> str:  # noqa: ANN001 - a pandas DataFrame
    header = "".join(f"<th title='click to sort'>{html.escape(str(c))}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    return f"<div class='scroll'><table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></div>"


def _html(table, comparisons, reference: str, notes: list[str], plots: list[Path]) -> str:  # noqa: ANN001
    """One self-contained page: the main table with the plots beside it (wrapping below on a narrow screen), the
    comparison table, and the notes. The plots are embedded, so the page travels alone."""
    figures = "".join(
        f"<figure><img alt='{html.escape(path.stem)}' src='data:image/png;base64,"
        f"{base64.b64encode(path.read_bytes()).decode()}'></figure>"
        for path in plots
    )
    items = "".join(f"<li>{html.escape(line.replace('**', ''))}</li>" for line in notes)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>TRTutor leaderboard</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:100%;box-sizing:border-box}"
        "table{border-collapse:collapse;font-size:14px}"
        "th,td{border-bottom:1px solid #ccc;padding:4px 8px;text-align:right;white-space:nowrap}"
        "th{cursor:pointer;background:#f4f4f4}td:first-child,th:first-child{text-align:left}"
        ".scroll{overflow-x:auto;max-width:100%}.main{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}"
        ".main>.scroll{flex:3 1 40em}.plots{flex:1 1 20em;max-width:30em;display:flex;flex-wrap:wrap;gap:1em}"
        ".plots figure{margin:0;flex:1 1 22em}.plots img{width:100%;height:auto}</style></head><body>"
        "<h1>TRTutor leaderboard</h1><p>Mean [95 % interval] per metric (what the numbers are: the notes below); "
        "click a header to sort.</p>"
        f"<div class='main'>{_html_table(table)}<div class='plots'>{figures}</div></div>"
        f"<h2>Compared with {html.escape(reference)}</h2>{_html_table(comparisons)}<ul>{items}</ul>"
        f"<script>{_SORT_SCRIPT}</script></body></html>\n"
    )


def _plots(board: Leaderboard, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    files = []
    frame = board.frame
    for metric in board.metrics:
        means = frame[f"{metric}_mean"].to_numpy(dtype=float)
        low = means - frame[f"{metric}_low"].to_numpy(dtype=float)
        high = frame[f"{metric}_high"].to_numpy(dtype=float) - means
        figure, axes = plt.subplots(figsize=(7, 0.45 * len(frame) + 1.2))
        positions = list(range(len(frame)))[::-1]
        axes.errorbar(means, positions, xerr=[low, high], fmt="o", capsize=4)
        axes.set_yticks(positions, frame["talker"])
        estimated = board.card.card is not None and metric in board.card.card.metrics
        what = "annotators' rate estimated from the judge card" if estimated else "judge's rate"
        axes.set_xlabel(f"{DISPLAY_NAMES[metric]} ({what}, 95 % interval)")
        axes.grid(axis="x", alpha=0.3)
        figure.tight_layout()
        path = out / f"{metric}.png"
        figure.savefig(path, dpi=120)
        plt.close(figure)
        files.append(path)
    return files
