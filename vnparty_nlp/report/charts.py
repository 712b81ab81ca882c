"""Inline SVG charts, drawn by small functions: no library, no script, no outside reference.

Each function returns one ``<svg>`` element (with ``class="chart"``, ``role="img"`` and a
``<title>``) to be placed in the page as it is. Label widths are estimated from the number of
characters, and labels that would not fit are cut with "…" (the full text stays in a tooltip).

>>> svg = grouped_bars("Shares", ["2019", "2020"], ["a", "b"], [[0.5, 0.25], [0.1, 0.0]])
>>> svg.startswith('<svg class="chart"') and svg.count("<rect") >= 4
True
>>> "http" in heatmap("Topics", ["#0 x"], ["2019"], [[0.2]])
False
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["PALETTE", "colour_scale", "fit_label", "grouped_bars", "heatmap"]

#: Okabe-Ito colours: told apart with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif"
_CHAR = 0.58  # average glyph width, in font sizes (generous for Vietnamese diacritics)


def text_width(text: str, size: float) -> float:
    """An estimate of the rendered width of ``text`` at font ``size`` px."""
    return len(text) * size * _CHAR


def fit_label(text: str, width: float, size: float) -> str:
    """``text``, cut with "…" to fit ``width`` px at font ``size``.

    >>> fit_label("Đảng bộ huyện Đắk Song", 60, 10)
    'Đảng bộ h…'
    >>> fit_label("2019", 60, 10)
    '2019'
    """
    if text_width(text, size) <= width:
        return text
    keep = max(int(width / (size * _CHAR)) - 1, 1)
    return text[:keep].rstrip() + "…"


def colour_scale(value: float, top: float) -> str:
    """A blue of intensity ``value / top`` (white at 0).

    >>> colour_scale(0, 1), colour_scale(1, 1)
    ('rgb(255,255,255)', 'rgb(8,69,148)')
    """
    t = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
    low, high = (255, 255, 255), (8, 69, 148)
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(low, high, strict=True))
    return f"rgb({r},{g},{b})"


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%" if value >= 0.095 or value == 0 else f"{value * 100:.1f}%"


def _open(width: float, height: float, title: str) -> list[str]:
    return [f'<svg class="chart" role="img" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" style="{_FONT}"><title>{escape(title)}</title>']


def nice_axis(value: float) -> tuple[float, int]:
    """The top of a percentage axis above ``value``, and its number of gridline steps (round percents).

    >>> nice_axis(0.86), nice_axis(0.07), nice_axis(0.0)
    ((1.0, 5), (0.1, 5), (0.1, 5))
    >>> nice_axis(0.45)
    (0.5, 5)
    """
    for step in (0.02, 0.05, 0.1, 0.2, 0.25):
        steps = max(int(value / step - 1e-9) + 1, 1)
        if steps <= 6 and step * steps >= 0.1 - 1e-9:
            return round(step * steps, 6), steps
        if steps <= 6:
            return round(0.1, 6), 5
    return 1.0, 5


def grouped_bars(title: str, groups: Sequence[str], series: Sequence[str], values: Sequence[Sequence[float]],
                 notes: Sequence[str] | None = None, width: float = 960, height: float = 330) -> str:
    """Vertical bars, one group per x label and one bar per series; ``values[group][series]`` in [0, 1].

    ``notes`` (one per group) is printed under each group's label ("n=120").
    """
    left, right, top, bottom = 48.0, 12.0, 34.0, 50.0
    plot_w, plot_h = width - left - right, height - top - bottom
    peak, ticks = nice_axis(max((v for row in values for v in row), default=0.0))
    parts = _open(width, height, title)
    # legend
    x = left
    for k, name in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="18" font-size="12">{escape(name)}</text>')
        x += 16 + text_width(name, 12) + 18
    # axis and grid
    for i in range(ticks + 1):
        level = peak * i / ticks
        y = top + plot_h - plot_h * i / ticks
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{_pct(level)}</text>')
    n = max(len(groups), 1)
    slot = plot_w / n
    bar = min(28.0, (slot * 0.8) / max(len(series), 1))
    for g, group in enumerate(groups):
        x0 = left + g * slot + (slot - bar * len(series)) / 2
        for k, value in enumerate(values[g]):
            h = plot_h * min(value, peak) / peak
            x, y = x0 + k * bar, top + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(group)}, {escape(series[k])}: '
                         f'{_pct(value)}</title></rect>')
            if bar >= 24 and value > 0:
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
                             f'text-anchor="middle">{_pct(value)}</text>')
        centre = left + g * slot + slot / 2
        label = fit_label(group, slot - 4, 12)
        parts.append(f'<text x="{centre:.1f}" y="{top + plot_h + 17}" font-size="12" text-anchor="middle">'
                     f'{escape(label)}</text>')
        if notes:
            parts.append(f'<text x="{centre:.1f}" y="{top + plot_h + 33}" font-size="10" fill="#555" '
                         f'text-anchor="middle">{escape(fit_label(notes[g], slot - 4, 10))}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333"/>')
    parts.append("</svg>")
    return "".join(parts)


def heatmap(title: str, rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float | None]],
            row_notes: Sequence[str] | None = None, column_notes: Sequence[str] | None = None,
            max_width: float = 1100) -> str:
    """A table of coloured cells, ``values[row][column]`` in [0, 1] printed as percentages (None: empty).

    The darkest cell is the largest value of the chart; ``row_notes`` ("n=120") follow the row labels,
    ``column_notes`` go under the column labels.
    """
    size, cell_h = 12, 24
    column_w = max(56.0, min(90.0, max((text_width(c, size) + 10 for c in columns), default=56.0)))
    labels = [f"{r} ({row_notes[i]})" if row_notes else r for i, r in enumerate(rows)]
    label_w = min(max((text_width(lb, size) for lb in labels), default=40.0) + 12, 560.0)
    if label_w + column_w * len(columns) > max_width:
        column_w = max(44.0, (max_width - label_w) / max(len(columns), 1))
    top = 30 + (16 if column_notes else 0)
    width = label_w + column_w * len(columns) + 10
    height = top + cell_h * len(rows) + 8
    peak = max((v for row in values for v in row if v is not None), default=0.0)
    parts = _open(width, height, title)
    for c, column in enumerate(columns):
        x = label_w + c * column_w + column_w / 2
        parts.append(f'<text x="{x:.1f}" y="20" font-size="{size}" text-anchor="middle" font-weight="600">'
                     f'{escape(fit_label(column, column_w - 4, size))}<title>{escape(column)}</title></text>')
        if column_notes:
            parts.append(f'<text x="{x:.1f}" y="36" font-size="10" fill="#555" text-anchor="middle">'
                         f'{escape(fit_label(column_notes[c], column_w - 4, 10))}</text>')
    for r, label in enumerate(labels):
        y = top + r * cell_h
        parts.append(f'<text x="{label_w - 8:.1f}" y="{y + 16}" font-size="{size}" text-anchor="end">'
                     f'{escape(fit_label(label, label_w - 12, size))}<title>{escape(label)}</title></text>')
        for c, value in enumerate(values[r]):
            x = label_w + c * column_w
            if value is None:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{column_w - 2:.1f}" height="{cell_h - 2}" '
                             'fill="#f4f4f4"/>')
                continue
            ink = "#fff" if peak and value / peak > 0.55 else "#111"
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{column_w - 2:.1f}" height="{cell_h - 2}" '
                         f'fill="{colour_scale(value, peak)}" stroke="#e3e3e3"><title>{escape(rows[r])}, '
                         f'{escape(columns[c])}: {_pct(value)}</title></rect>'
                         f'<text x="{x + column_w / 2 - 1:.1f}" y="{y + 16}" font-size="11" text-anchor="middle" '
                         f'fill="{ink}">{_pct(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)
