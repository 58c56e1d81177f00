"""Figures over time: a label's share per side and period, and the event estimate across window widths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._core.validation import check_column
from framing.errors import ParameterError
from framing.plots._layout import interval_points, titled
from framing.plots._style import GREY
from framing.plots._style import palette as default_palette


def _colours(values: Sequence[str], hue_order, palette) -> tuple[list[str], dict]:
    """The hue levels in order and their colours (seaborn's ``hue_order``/``palette`` vocabulary)."""
    present = list(dict.fromkeys(map(str, values)))
    order = [str(h) for h in hue_order] if hue_order is not None else sorted(present)
    if isinstance(palette, Mapping):
        missing = [h for h in order if h not in palette]
        if missing:
            raise ParameterError(
                f"palette has no colour for {missing}; give one for every hue level {order}."
            )
        colours = {h: palette[h] for h in order}
    elif isinstance(palette, (list, tuple)):
        colours = {h: palette[i % len(palette)] for i, h in enumerate(order)}
    else:
        colours = default_palette(order)
    return order, colours


def _draw_events(ax, events: pd.DataFrame | None) -> None:
    """Dashed vertical lines at the events, their labels along the top of the axes."""
    if events is None or len(events) == 0:
        return
    for col in ("date", "label"):
        check_column(events, col, name="events")
    for date, label in zip(pd.to_datetime(events["date"]), events["label"].astype(str)):
        ax.axvline(date, color="black", linestyle="--", linewidth=0.8, alpha=0.6, zorder=0)
        ax.annotate(
            label,
            (mdates.date2num(date), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            rotation=90,
            va="top",
            ha="left",
            fontsize="x-small",
            color="0.3",
        )


def plot_shares_over_time(
    shares: pd.DataFrame,
    *,
    label=None,
    hue: str = "side",
    hue_order: Sequence[str] | None = None,
    palette=None,
    events: pd.DataFrame | None = None,
    ax=None,
    title: str | None = None,
):
    """One label's share of each side's coverage per period, with intervals; sparse periods grey.

    Each side is a line through its periods' shares, drawn at the middle of each period and
    slightly dodged so intervals do not hide each other. A period with fewer documents than the
    table's ``min_docs`` is drawn as a hollow grey point with a grey interval: it is shown, not
    hidden, but should not be read as a level. Periods without documents leave a gap.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`framing.analysis.over_time.shares_over_time` output.
    label : object, optional
        The label (theme, frame, voice) to draw; may be omitted when the table holds one.
    hue : str, default "side"
        The side column (the ``by`` of :func:`framing.analysis.over_time.shares_over_time`).
    hue_order : sequence of str, optional
        Sides to draw, in order; default all, sorted.
    palette : dict or list, optional
        Colours of the sides; default framing's Okabe-Ito palette (:func:`framing.plots.palette`).
    events : pandas.DataFrame, optional
        Events table (``date``, ``label``) drawn as dashed lines.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Axes title; default the label.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.
    """
    hue = hue or "side"
    for col in (hue, "label", "period_start", "period_end", "share", "ci_low", "ci_high", "sparse"):
        check_column(shares, col, name="shares")
    labels = list(dict.fromkeys(shares["label"]))
    if label is None and len(labels) != 1:
        raise ParameterError(
            f"shares holds {len(labels)} labels; choose one with label= (one of {labels[:10]})."
        )
    label = labels[0] if label is None else label
    if label not in labels:
        raise ParameterError(f"label {label!r} is not in shares; its labels are {labels[:20]}.")
    rows = shares[shares["label"] == label]
    order, colours = _colours(rows[hue], hue_order, palette)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.0))
    start, end = pd.to_datetime(rows["period_start"]), pd.to_datetime(rows["period_end"])
    width = (end - start).dt.days.max() + 1
    for i, side in enumerate(order):
        part = rows[(rows[hue].astype(str) == side).to_numpy()]
        offset = pd.to_timedelta((i - (len(order) - 1) / 2) * width * 0.08, unit="D")
        mid = (
            pd.to_datetime(part["period_start"])
            + (pd.to_datetime(part["period_end"]) - pd.to_datetime(part["period_start"])) / 2
            + offset
        )
        _draw_side(ax, mid, part, colours[side], side)
    _draw_events(ax, events)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("share of the side's sentences")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    handles = ax.get_legend_handles_labels()[0]
    if handles:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return titled(ax, title, str(label), loc="left")


def _draw_side(ax, mid: pd.Series, part: pd.DataFrame, colour: str, side: str) -> None:
    """One side's line, points and intervals; sparse periods hollow and grey."""
    x = mid.to_numpy()
    y, lo, hi = (part[c].to_numpy(dtype=float) for c in ("share", "ci_low", "ci_high"))
    sparse = part["sparse"].to_numpy(dtype=bool)
    ax.plot(x, y, color=colour, linewidth=1.2, alpha=0.8, label=side)
    for mask, face, edge in ((~sparse, colour, colour), (sparse, "white", GREY)):
        ok = mask & ~np.isnan(y)
        if not ok.any():
            continue
        yerr = np.vstack([y[ok] - np.nan_to_num(lo[ok], nan=y[ok]), np.nan_to_num(hi[ok], nan=y[ok]) - y[ok]])
        interval_points(
            ax, x[ok], y[ok], np.clip(yerr, 0, None), colour=edge, face=face, ecolor=edge, zorder=3
        )


def plot_window_sensitivity(
    table: pd.DataFrame,
    *,
    labels: Sequence | None = None,
    hue_order: Sequence | None = None,
    palette=None,
    names: Mapping | None = None,
    ax=None,
    title: str | None = None,
):
    """The difference-in-differences of each label against the window width, with intervals.

    One line per label (hue), the estimate at each window width with its bootstrap interval.
    A difference worth reporting keeps its sign, and roughly its size, across widths; one that
    appears at a single width is an artefact of that window. Widths where a cell is sparse are
    drawn hollow.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`framing.analysis.over_time.window_sensitivity` output.
    labels : sequence, optional
        Labels to draw; default all (keep it to a handful).
    hue_order : sequence, optional
        Order of the labels in the legend (and their colours); default the table's order.
    palette : dict or list, optional
        Colours of the labels; default the Okabe-Ito palette.
    names : mapping, optional
        ``{label: display name}`` for the legend (e.g. a study's cluster names).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure.
    title : str, optional
        Axes title; default names the event and the sides.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.
    """
    for col in ("window", "label", "did", "ci_low", "ci_high", "side_a", "side_b", "event", "sparse"):
        check_column(table, col, name="table")
    chosen = list(dict.fromkeys(table["label"])) if labels is None else list(labels)
    if hue_order is not None:
        chosen = [lab for lab in hue_order if lab in chosen]
    unknown = [lab for lab in chosen if lab not in set(table["label"])]
    if unknown:
        raise ParameterError(
            f"labels {unknown} are not in the table; its labels are {sorted(set(table['label']), key=str)}."
        )
    names = dict(names or {})
    shown = [str(names.get(lab, lab)) for lab in chosen]
    _, colours = _colours(shown, shown, palette)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.2))
    windows = sorted(table["window"].unique())
    step = (max(windows) - min(windows)) / max(len(windows), 1) if len(windows) > 1 else 1.0
    for i, (lab, name) in enumerate(zip(chosen, shown)):
        part = table[table["label"] == lab].sort_values("window")
        x = part["window"].to_numpy(dtype=float) + (i - (len(chosen) - 1) / 2) * step * 0.08
        y, lo, hi = (part[c].to_numpy(dtype=float) for c in ("did", "ci_low", "ci_high"))
        colour = colours.get(name, GREY)
        ax.plot(x, y, color=colour, linewidth=1.2, label=name)
        sparse = part["sparse"].to_numpy(dtype=bool)
        for mask, face in ((~sparse, colour), (sparse, "white")):
            if mask.any():
                yerr = np.vstack([y[mask] - lo[mask], hi[mask] - y[mask]])
                interval_points(ax, x[mask], y[mask], yerr, colour=colour, face=face)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(windows)
    ax.set_xlabel("window: days before and after the event")
    a, b, event = table["side_a"].iloc[0], table["side_b"].iloc[0], pd.Timestamp(table["event"].iloc[0])
    ax.set_ylabel(f"change in {a} − change in {b}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    default = f"Around {event:%d %b %Y}: {a}'s change minus {b}'s"
    return titled(ax, title, default, loc="left")
