"""The report page: one self-contained HTML file (inline CSS and SVG; no script, font or image fetched).

Every piece of text from the corpus goes through :func:`html.escape`; nothing on the page refers
to anything outside it, so it opens offline and can be mailed as one file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from vnparty_nlp.report.aggregate import SUMMABLE_KINDS, Aggregates
from vnparty_nlp.report.charts import PALETTE, grouped_bars, heatmap
from vnparty_nlp.report.collect import NO_DATE, NO_PLACE, NO_SOURCE

__all__ = ["PageContext", "render_page"]

#: At most this many places, sources, figure rows and year columns are drawn (the CSVs hold all).
MAX_GROUPS = 15
MAX_FIGURE_ROWS = 20
MAX_YEAR_COLUMNS = 12
MAX_PROVINCE_COLUMNS = 8
_UNNAMED = (NO_PLACE, NO_SOURCE)

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;margin:0;color:#111;
background:#fff;line-height:1.45}
main{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:1px solid #ccc;
padding-bottom:4px}h3{font-size:16px;margin:20px 0 6px}
.lead{color:#333;margin:4px 0 12px}.note{color:#555;font-size:13px;margin:4px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px}.card span{font-size:12px;color:#555}
figure{margin:8px 0 4px;overflow-x:auto}figcaption{font-size:13px;color:#444;margin-top:2px}
table{border-collapse:collapse;font-size:13px;margin:6px 0 10px}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f3f5f8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.excerpt{color:#333;max-width:560px}.terms{font-size:12px;color:#333}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:baseline}
details{margin:4px 0 10px}summary{cursor:pointer;color:#234;font-size:13px}
ul.method li{margin:3px 0}
"""


@dataclass(frozen=True)
class PageContext:
    """What the page says about the run: inputs, models, thresholds, failures."""

    themes: tuple[str, ...]
    topic_labels: Mapping[int, str]
    thresholds: Mapping[str, float] = field(default_factory=dict)
    models: str = "the shipped models"
    classifier: str = ""
    topic_model: str = ""
    inputs: Sequence[str] = ()
    failed: int = 0
    duplicates: int | None = None
    with_topics: bool = True


def _pct(value: float) -> str:
    return f"{value:.0%}" if value >= 0.095 or value == 0 else f"{value:.1%}"


def _num(value: float) -> str:
    """A figure total: grouped thousands, no needless decimals.

    >>> _num(1857.0), _num(3.5), _num(1234567.25)
    ('1,857', '3.5', '1,234,567.2')
    """
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _years(agg: Aggregates) -> list[str]:
    years = sorted(y for y in agg.group_paragraphs["year"] if y != NO_DATE)
    return years + ([NO_DATE] if NO_DATE in agg.group_paragraphs["year"] else [])


def _largest(counter: Mapping[str, int], n: int) -> list[str]:
    """The ``n`` largest groups, largest first; the group of articles without a place or source last.

    >>> _largest({"A": 3, NO_PLACE: 9, "B": 5}, 2)
    ['B', 'A', '(no place named)']
    """
    named = [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])) if k not in _UNNAMED][:n]
    return named + [k for k in _UNNAMED if k in counter]


def _theme_legend(themes: Sequence[str]) -> str:
    return " ".join(f'<span class="swatch" style="background:{PALETTE[k % len(PALETTE)]}"></span>{escape(t)}'
                    for k, t in enumerate(themes))


def _share_table(agg: Aggregates, dimension: str, groups: Sequence[str]) -> str:
    head = "".join(f'<th class="num">{escape(t)}</th>' for t in agg.themes)
    rows = []
    for group in groups:
        shares = agg.shares(dimension, group)
        cells = "".join(f'<td class="num">{_pct(shares[t])}</td>' for t in agg.themes)
        rows.append(f"<tr><td>{escape(group)}</td><td class=\"num\">{agg.group_articles[dimension][group]:,}</td>"
                    f"<td class=\"num\">{agg.group_paragraphs[dimension][group]:,}</td>{cells}</tr>")
    return (f"<details><summary>the numbers</summary><table><tr><th>{escape(dimension)}</th>"
            f"<th class=\"num\">articles</th><th class=\"num\">paragraphs</th>{head}</tr>{''.join(rows)}"
            "</table></details>")


def _themes_by_year(agg: Aggregates) -> str:
    years = _years(agg)
    values = [[agg.shares("year", y)[t] for t in agg.themes] for y in years]
    notes = [f"n={agg.group_paragraphs['year'][y]:,}" for y in years]
    chart = grouped_bars("Theme shares by year", years, list(agg.themes), values, notes)
    return (f'<h2 id="themes-by-year">Theme shares by year</h2><figure>{chart}<figcaption>Share of the year\'s '
            "body paragraphs that carry each theme; n = body paragraphs that year. A paragraph can carry "
            f"several themes (or none).</figcaption></figure>{_share_table(agg, 'year', years)}")


def _themes_by(agg: Aggregates, dimension: str, heading: str, what: str) -> str:
    groups = _largest(agg.group_paragraphs[dimension], MAX_GROUPS)
    values: list[list[float | None]] = [[agg.shares(dimension, g)[t] for t in agg.themes] for g in groups]
    notes = [f"n={agg.group_paragraphs[dimension][g]:,}" for g in groups]
    chart = heatmap(heading, groups, list(agg.themes), values, row_notes=notes)
    more = len(agg.group_paragraphs[dimension]) - len(groups)
    extra = f" The {more:,} smaller ones are in articles.csv." if more > 0 else ""
    named = sum(g not in _UNNAMED for g in groups)
    return (f'<h2 id="themes-by-{dimension}">{escape(heading)}</h2><figure>{chart}<figcaption>Share of the '
            f"body paragraphs of each {what} that carry each theme (darker: higher); n = body paragraphs. The "
            f"{named} {what}s with the most paragraphs.{extra}</figcaption></figure>"
            f"{_share_table(agg, dimension, groups)}")


def _topics_over_time(agg: Aggregates, context: PageContext) -> str:
    if not context.with_topics or not agg.topic_paragraphs:
        return ('<h2 id="topics">Topic prevalence over time</h2><p class="note">No topic mixes: the topic '
                "model was not run, or no paragraph had a word it knows.</p>")
    years = [y for y in _years(agg) if agg.topic_paragraphs[y]][-MAX_YEAR_COLUMNS:]
    topics = sorted(context.topic_labels)
    prevalence = {y: agg.topic_prevalence(y) for y in years}
    rows = [f"#{k} {context.topic_labels[k]}" for k in topics]
    values: list[list[float | None]] = [[prevalence[y].get(k, 0.0) for y in years] for k in topics]
    notes = [f"n={agg.topic_paragraphs[y]:,}" for y in years]
    chart = heatmap("Topic prevalence by year", rows, years, values, column_notes=notes)
    return (f'<h2 id="topics">Topic prevalence over time</h2><figure>{chart}<figcaption>Mean weight of each '
            "topic in the year's body paragraphs (each paragraph's topic mix sums to 100%, so each column "
            "does too); n = paragraphs with words the topic model knows.</figcaption></figure>")


def _evidence(terms: Sequence[tuple[str, float]]) -> str:
    return ", ".join(f"{escape(term.replace('_', ' '))} ({weight:.2f})" for term, weight in terms) or "-"


def _top_articles(agg: Aggregates) -> str:
    parts = ['<h2 id="top-articles">Top articles for each theme</h2><p class="note">Ranked by the share of '
             "the article's body paragraphs that carry the theme, then by the theme's mean score. Evidence: "
             "the words of the article's strongest paragraph for the theme that pushed its score most "
             "(weight = their push on the score).</p>"]
    for k, theme in enumerate(agg.themes):
        colour = PALETTE[k % len(PALETTE)]
        parts.append(f'<h3><span class="swatch" style="background:{colour}"></span>{escape(theme)}</h3>')
        top = agg.top_articles(theme)
        if not top:
            parts.append('<p class="note">No article carries this theme.</p>')
            continue
        rows = []
        for rank, a in enumerate(top, start=1):
            rows.append(
                f'<tr><td class="num">{rank}</td><td><b>{escape(a.title or "(no title)")}</b><br>'
                f'<span class="note">{escape(a.name)} · {escape(a.date or "no date")} · {escape(a.place)}</span>'
                f'</td><td class="num">{_pct(a.share)} of {a.paragraphs}</td>'
                f'<td class="terms">{_evidence(a.evidence)}</td>'
                f'<td class="excerpt">¶{a.paragraph}: {escape(a.excerpt)}</td></tr>')
        parts.append('<table><tr><th class="num">#</th><th>article</th><th class="num">share</th>'
                     f'<th>evidence</th><th>strongest paragraph</th></tr>{"".join(rows)}</table>')
    return "".join(parts)


def _figure_rows(agg: Aggregates) -> list[tuple[str, str]]:
    summable = [key for key in agg.figure_total if key[0] in SUMMABLE_KINDS]
    summable.sort(key=lambda key: (-agg.figure_mentions[key], key))
    return summable[:MAX_FIGURE_ROWS]


def _key_figures(agg: Aggregates) -> str:
    parts = ['<h2 id="figures">Key figures</h2><p class="note">Counts and money reported in the body '
             "paragraphs, summed where kind and unit are the same (percentages, rates, ratios and multiples "
             "are counted, never summed). A sum adds what articles <i>report</i>: a figure repeated in two "
             "articles, or a running total reported each year, is counted each time. Every figure, with its "
             "article and paragraph, is in figures.csv.</p>"]
    rows = _figure_rows(agg)
    if not rows:
        parts.append('<p class="note">No countable figure was found.</p>')
        return "".join(parts)
    years = [y for y in _years(agg) if any(agg.figure_by["year"][key].get(y) for key in rows)]
    years = years[-MAX_YEAR_COLUMNS:]
    head = "".join(f'<th class="num">{escape(y)}</th>' for y in years)
    body = []
    for key in rows:
        kind, unit = key
        by_year = agg.figure_by["year"][key]
        cells = "".join(f'<td class="num">{_num(by_year[y]) if by_year.get(y) else ""}</td>' for y in years)
        body.append(f"<tr><td>{escape(kind)}</td><td>{escape(unit)}</td><td class=\"num\">"
                    f"{agg.figure_mentions[key]:,}</td><td class=\"num\">{agg.figure_articles[key]:,}</td>"
                    f"<td class=\"num\"><b>{_num(agg.figure_total[key])}</b></td>{cells}</tr>")
    parts.append("<h3>Sums by year</h3><table><tr><th>kind</th><th>unit</th><th class=\"num\">mentions</th>"
                 f"<th class=\"num\">articles</th><th class=\"num\">sum</th>{head}</tr>{''.join(body)}</table>")
    provinces = _largest(agg.group_paragraphs["province"], MAX_PROVINCE_COLUMNS)
    head = "".join(f'<th class="num">{escape(p)}</th>' for p in provinces)
    body = []
    for key in rows:
        by_place = agg.figure_by["province"][key]
        cells = "".join(f'<td class="num">{_num(by_place[p]) if by_place.get(p) else ""}</td>' for p in provinces)
        body.append(f"<tr><td>{escape(key[0])}</td><td>{escape(key[1])}</td>{cells}</tr>")
    named = sum(p not in _UNNAMED for p in provinces)
    parts.append("<h3>Sums by place</h3><p class=\"note\">Place: the province the article names most "
                 f"(the {named} with the most paragraphs).</p><table><tr><th>kind</th><th>unit</th>"
                 f"{head}</tr>{''.join(body)}</table>")
    counted = sorted(((k, n) for k, n in agg.figure_mentions.items() if k[0] not in SUMMABLE_KINDS),
                     key=lambda kn: (-kn[1], kn[0]))[:MAX_FIGURE_ROWS]
    if counted:
        items = "".join(f"<tr><td>{escape(k[0])}</td><td>{escape(k[1])}</td><td class=\"num\">{n:,}</td></tr>"
                        for k, n in counted)
        parts.append("<h3>Shares, rates, ratios and multiples (counted, not summed)</h3><table><tr><th>kind</th>"
                     f"<th>unit</th><th class=\"num\">mentions</th></tr>{items}</table>")
    return "".join(parts)


def _method(agg: Aggregates, context: PageContext) -> str:
    thresholds = ", ".join(f"{escape(t)} {v:g}" for t, v in context.thresholds.items()) or "those of the model"
    duplicates = ("near-duplicate articles were skipped (--dedupe): " + f"{context.duplicates:,}"
                  if context.duplicates is not None else
                  "near-duplicate articles were not removed (run with --dedupe to skip them)")
    items = [
        "<b>Unit of measure.</b> A theme's <b>share</b> is the fraction of body paragraphs (captions, bylines "
        "and page furniture removed) that carry the theme. A paragraph carries every theme whose probability "
        "reaches the theme's threshold, so shares can add to more or less than 100%.",
        f"<b>Models.</b> {escape(context.models)}. Theme classifier: {escape(context.classifier or '-')}; "
        f"thresholds: {thresholds}. Topic model: {escape(context.topic_model or '-')}; a paragraph's main "
        "topics are its heaviest (at most 3, each at least 15%).",
        "<b>Key figures, places, organisations</b> come from rules (vnparty_nlp.extract; their precision and "
        "recall are measured in docs/figures.md), not from a model. A figure's kind and unit are as the "
        "rules read them; check a surprising sum in figures.csv.",
        "<b>Place</b> of an article: the place it names most (title and body), and for grouping the province "
        "(its name before the 2025 merger) it names most, directly or through a district or commune. An "
        "article that names none is grouped as “(no place named)”. <b>Year</b>: the article's date.",
        f"<b>Caveats.</b> The corpus is what was given, not a sample of all news; {duplicates}. Small groups "
        "(see n) give unsteady shares. Sums of figures add reported numbers and double-count repeats.",
        f"<b>Inputs.</b> {escape(', '.join(context.inputs)) or '-'}; {agg.articles:,} articles analysed, "
        f"{context.failed:,} inputs could not be read or analysed (named on standard error).",
        "<b>Tables.</b> paragraphs.csv (one row per body paragraph), figures.csv (one row per figure), "
        "articles.csv (one row per article), beside this page.",
    ]
    return '<h2 id="method">Method</h2><ul class="method">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def render_page(agg: Aggregates, context: PageContext) -> str:
    """The whole page, as one string."""
    years = [y for y in _years(agg) if y != NO_DATE]
    period = f"{years[0]}–{years[-1]}" if len(years) > 1 else (years[0] if years else "no dates")
    cards = [(f"{agg.articles:,}", "articles"), (f"{agg.paragraphs:,}", "body paragraphs"),
             (f"{agg.labelled / agg.paragraphs:.0%}" if agg.paragraphs else "-", "paragraphs with a theme"),
             (f"{agg.figures:,}", "key figures"), (period, "years"),
             (f"{len(agg.group_paragraphs['province']):,}", "provinces named")]
    cards_html = "".join(f"<div class=\"card\"><b>{escape(v)}</b><span>{escape(k)}</span></div>" for v, k in cards)
    theme_shares = " · ".join(f"{escape(t)} {_pct(agg.theme_paragraphs[t] / agg.paragraphs)}"
                              for t in agg.themes) if agg.paragraphs else "-"
    sections = [
        _themes_by_year(agg),
        _themes_by(agg, "province", "Theme shares by place", "province"),
        _themes_by(agg, "source", "Theme shares by source", "source"),
        _topics_over_time(agg, context),
        _top_articles(agg),
        _key_figures(agg),
        _method(agg, context),
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<title>Party-building news: report</title><style>{_CSS}</style></head><body><main>"
        "<h1>Party-building news: themes, topics and key figures</h1>"
        f"<p class=\"lead\">Theme shares over the whole corpus: {theme_shares}. A theme's share is the "
        f"fraction of body paragraphs that carry it ({_theme_legend(agg.themes)}).</p>"
        f"<div class=\"cards\">{cards_html}</div>" + "".join(sections) + "</main></body></html>\n"
    )
