"""Write a leaderboard: Markdown, CSV, LaTeX (booktabs), one self-contained sortable HTML page, and a PNG per metric."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path

from trtutor.leaderboard.table import DISPLAY_NAMES, Leaderboard, display_table


def provenance_lines(board: Leaderboard) -> list[str]:
    """What the numbers come from, one line each."""
    p = board.provenance
    lines = [
        f"Task: {p['task']} (version {p['task_version']}); dataset sha256/location: {p['dataset']}",
        f"Judge: {p['judge']}; samples: {p['samples']} (sample-set fingerprint {p['sample_ids']})",
        "Prompt sha256: " + (", ".join(f"{k} {v[:12]}" for k, v in p["prompt_sha256"].items()) or "none"),
        f"Harness {p['harness_version']}; built {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; "
        f"reference row: {board.reference}",
        "Intervals: 95 % percentile bootstrap over conversations; Δ: paired on the samples both talkers scored, "
        "p from a permutation test over conversations, Holm-corrected across the table. "
        "n = samples scored; errors = scoring errors (left out of the mean).",
    ]
    if board.data.mixed:
        mixed = "; ".join(f"{field}: {' vs '.join(values[:4])}" for field, values in board.data.mixed.items())
        lines.insert(
            0, f"**MIXED TABLE (--allow-mixed): the logs differ in {mixed}. Rows are not strictly comparable.**"
        )
    return lines


def agreement_lines(board: Leaderboard) -> list[str]:
    """How far the judge can be trusted, from judge-agreement logs given with the talker logs."""
    if not board.data.agreement:
        return ["Judge agreement: no tasks/judge_agreement.py log was given, so this table does not say how far its "
                "judge agrees with people."]  # fmt: skip
    lines = []
    for result in board.data.agreement:
        figures = ", ".join(f"{k} {v:.3f}" for k, v in result.items() if isinstance(v, float))
        lines.append(f"Judge agreement ({result['judge']} judges on {Path(result['data']).name}): {figures}")
    return lines


def write_leaderboard(board: Leaderboard, out: str | Path) -> list[Path]:
    """Write every output into folder `out`; returns the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    table = display_table(board)
    notes = provenance_lines(board) + agreement_lines(board)
    written = []

    markdown = out / "leaderboard.md"
    body = table.to_markdown(index=False)
    markdown.write_text(
        "# Leaderboard\n\n" + "\n".join(f"- {line}" for line in provenance_lines(board)) + "\n\n" + body + "\n\n"
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

    page = out / "leaderboard.html"
    page.write_text(_html(table, notes), encoding="utf-8")
    written.append(page)

    written += _plots(board, out)
    (out / "provenance.json").write_text(json.dumps(board.provenance, indent=2, default=str), encoding="utf-8")
    written.append(out / "provenance.json")
    return written


def _latex(board: Leaderboard, table) -> str:  # noqa: ANN001 - a pandas DataFrame
    columns = ["talker"] + [c for c in table.columns if c != "talker" and not c.endswith((" n", " errors"))]
    body = table[columns]
    body = body.map(_tex_escape)
    body.columns = [_tex_escape(c) for c in body.columns]
    styler = body.style.hide(axis="index")
    latex = styler.to_latex(hrules=True, column_format="l" + "r" * (len(columns) - 1))
    comments = "".join(f"% {line.strip('*')}\n" for line in provenance_lines(board))
    # a paper's table has room for the estimates only; say where the counts went
    dropped = "% the n scored and scoring-error columns are left out here; they are in leaderboard.csv and .md\n"
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


def _html(table, notes: list[str]) -> str:  # noqa: ANN001 - a pandas DataFrame
    header = "".join(f"<th title='click to sort'>{html.escape(str(c))}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    items = "".join(f"<li>{html.escape(line.strip('*'))}</li>" for line in notes)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>TRTutor leaderboard</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
        "th,td{border-bottom:1px solid #ccc;padding:4px 8px;text-align:right}th{cursor:pointer;background:#f4f4f4}"
        "td:first-child,th:first-child{text-align:left}</style></head><body><h1>TRTutor leaderboard</h1>"
        f"<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table><ul>{items}</ul>"
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
        axes.set_xlabel(f"{DISPLAY_NAMES[metric]} (mean, 95 % CI over conversations)")
        axes.grid(axis="x", alpha=0.3)
        figure.tight_layout()
        path = out / f"{metric}.png"
        figure.savefig(path, dpi=120)
        plt.close(figure)
        files.append(path)
    return files
