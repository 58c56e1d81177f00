"""Framing over time: each side's shares per period, and how sides moved differently around an event.

Two questions, and the estimand for each:

- :func:`shares_over_time`: how large a part of each side's coverage each theme (or frame, or
  voice: any label per sentence) was, period by period, with document-bootstrap intervals and
  the number of documents behind each point. Periods with few documents are flagged
  (``sparse``), never dropped, so a reader sees where a line rests on two articles.
- :func:`event_did`: around an event, did one side's emphasis change more than the other's?
  The difference-in-differences ``(after_A - before_A) - (after_B - before_B)``, with a
  document-bootstrap interval, a bootstrap p-value and Benjamini-Hochberg q-values across
  themes. :func:`window_sensitivity` shows how that answer moves with the window width.

Events come from a small table (``date``, ``label``): :func:`read_events` reads it from CSV.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset
from scipy.stats import false_discovery_control

from framing._core.bootstrap import bootstrap_shares, percentile_interval, ratio, warn_few_outlets
from framing._core.bundled import bundled_file
from framing._core.docstrings import fill_doc
from framing._core.renamed import renamed_parameters
from framing._core.validation import check_column, check_groups, check_int, check_labels, check_number
from framing.analysis.compare import main_pair
from framing.errors import CorpusError, CorpusNotFoundError, FramingWarning, ParameterError

#: Fewer documents than this in a side's period (or event window) and its point is flagged sparse.
MIN_DOCS = 4

#: Window widths (days either side of the event) that :func:`window_sensitivity` tries by default.
WINDOWS = (7, 10, 14, 21, 28)


def read_events(path) -> pd.DataFrame:
    """Read an events table (columns ``date`` and ``label``) from a CSV file.

    Parameters
    ----------
    path : str or pathlib.Path
        A CSV file with a header row holding ``date`` (ISO dates, e.g. ``2025-05-07``) and
        ``label`` (what happened); other columns are kept.

    Returns
    -------
    pandas.DataFrame
        ``date`` (datetime64, day precision), ``label`` (str) and any other columns, sorted
        by date.

    Raises
    ------
    CorpusNotFoundError
        The file does not exist.
    CorpusError
        A column is missing, or a row has an unreadable date or an empty label; the message
        names the file and the row (its line number in the file, the header being line 1).
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusNotFoundError(f"events file {path} does not exist; pass a CSV with columns date,label.")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise CorpusError(
            f"events file {path} is not a readable CSV ({exc}); write it as date,label."
        ) from None
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in ("date", "label") if c not in table.columns]
    if missing:
        raise CorpusError(
            f"events file {path} has no column(s) {missing}; its columns are {list(table.columns)}. "
            "Write a header row date,label."
        )
    if table.empty:
        raise CorpusError(
            f"events file {path} has a header but no events; add rows such as 2025-05-07,Strikes."
        )
    return check_events(table, name=f"events file {path}", first_line=2)


def check_events(events, *, name: str = "events", first_line: int | None = None) -> pd.DataFrame:
    """Return an events table with parsed dates and labels, or raise naming the bad row.

    Parameters
    ----------
    events : pandas.DataFrame, str or pathlib.Path
        A table with ``date`` and ``label`` columns, or a CSV file for :func:`read_events`.
    name : str
        What the table is, for messages.
    first_line : int, optional
        Line number of the first row in its file (rows are then named by line); None names
        them by position (0-based).

    Returns
    -------
    pandas.DataFrame
        Sorted by date, index reset.
    """
    if isinstance(events, (str, Path)):
        return read_events(events)
    if not isinstance(events, pd.DataFrame):
        raise ParameterError(
            f"{name} must be a table with columns date,label or a CSV path; got {type(events).__name__}."
        )
    for col in ("date", "label"):
        check_column(events, col, name=name)
    table = events.reset_index(drop=True).copy()
    dates = pd.to_datetime(table["date"].astype(str).str.strip(), errors="coerce", format="mixed")
    labels = table["label"].astype(str).str.strip()
    where = (lambda i: f"line {i + first_line}") if first_line is not None else (lambda i: f"row {i}")
    undated = np.flatnonzero(dates.isna().to_numpy())
    if len(undated):
        i = undated[0]
        raise CorpusError(
            f"{name}, {where(i)}: date {table['date'][i]!r} is not a date; write it as YYYY-MM-DD."
        )
    unlabelled = np.flatnonzero((labels == "") | table["label"].isna().to_numpy())
    if len(unlabelled):
        i = unlabelled[0]
        raise CorpusError(f"{name}, {where(i)}: the label is empty; say what happened on {dates[i].date()}.")
    if dates.dt.tz is not None:  # events are days: compared with the documents' naive dates
        dates = dates.dt.tz_localize(None)
    table["date"], table["label"] = dates.dt.normalize(), labels
    return table.sort_values("date", kind="stable").reset_index(drop=True)


def demo_events() -> pd.DataFrame:
    """The events of the demo corpus's timeline: the attack, the strikes, the ceasefire, the meeting.

    Returns
    -------
    pandas.DataFrame
        :func:`read_events` of ``data/sco_qingdao_2025_events.csv`` (see ``data/README.md``).
    """
    return read_events(bundled_file("sco_qingdao_2025_events.csv", what="the demo events table"))


def _units(sentences, labels, by, sides, date_col, doc_col, *, min_groups=1, cluster_by=None):
    """(document, side) units with their date, outlet and per-label sentence counts.

    Returns the sides, the sorted label values, a units table (side, doc, date, outlet: the
    ``cluster_by`` value of the unit's first sentence, or None) and the count matrix (units x
    labels). Units without a date are left out with a warning.
    """
    groups = check_column(sentences, by, param="by").astype("string")
    docs = check_column(sentences, doc_col, param="doc_col").astype("string")
    raw_dates = check_column(sentences, date_col, param="date_col")
    labels = check_labels(labels, len(sentences), integer=False)
    sides = check_groups(groups, sides, column=by, min_groups=min_groups)
    keep = groups.isin(sides).fillna(False).to_numpy(dtype=bool)
    codes, values = pd.factorize(pd.Series(labels[keep]), sort=True)
    side = groups[keep].to_numpy(dtype=object)
    doc = docs[keep].fillna("<missing doc_id>").to_numpy(dtype=object)
    # A unit is a (document, side) pair: for a sentence-level axis (voice) one article holds several.
    unit_codes, uniques = pd.factorize(pd.Series(doc + "\x00" + side))
    C = np.zeros((len(uniques), len(values)))
    np.add.at(C, (unit_codes, codes), 1.0)
    first = np.unique(unit_codes, return_index=True)[1]
    # A document's date is its first sentence's (split_sentences copies it to every sentence); parsing
    # one date per document rather than per sentence keeps this fast.
    dates = pd.to_datetime(pd.Series(raw_dates[keep].to_numpy()[first]), errors="coerce")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    units = pd.DataFrame({"side": side[first], "doc": doc[first], "date": dates.dt.normalize().to_numpy()})
    units["outlet"] = _outlets(sentences, cluster_by, keep, first)
    undated = units["date"].isna().to_numpy()
    if undated.any():
        warnings.warn(
            f"{int(undated.sum())} document(s) have no readable {date_col!r}; they are left out of the "
            "analysis over time. Fix their dates to place them.",
            FramingWarning,
            stacklevel=3,
        )
        units, C = units[~undated].reset_index(drop=True), C[~undated]
    if units.empty:
        raise ParameterError(f"no dated sentences have {by} in {sides}; check the {date_col!r} column.")
    if cluster_by is not None:
        unit_side = pd.Categorical(units["side"], categories=sides).codes
        warn_few_outlets(
            units["outlet"].to_numpy(), unit_side, sides, by=by, cluster_by=cluster_by, stacklevel=4
        )
    return sides, list(values), units, C


def _outlets(sentences, cluster_by, keep, first):
    """Each unit's outlet (its first sentence's ``cluster_by`` value), or None without ``cluster_by``."""
    if cluster_by is None:
        return None
    outlet = check_column(sentences, cluster_by, param="cluster_by").astype("string").fillna("<missing>")
    return outlet[keep].to_numpy(dtype=object)[first]


def _groups(units: pd.DataFrame, rows: np.ndarray):
    """The outlets of some units for a two-stage bootstrap, or None (documents only)."""
    if units["outlet"].isna().all():
        return None
    return units["outlet"].to_numpy(dtype=object)[rows]


def _periods(dates: pd.Series, freq: str):
    """Each date's period on a regular grid of ``freq`` (period ends, right-closed), and the grid."""
    try:
        offset = to_offset(freq)
    except (ValueError, TypeError):
        raise ParameterError(
            f"freq {freq!r} is not a pandas frequency; use e.g. 'D', 'W', '2W' or 'ME'."
        ) from None
    if type(offset).__name__.endswith("Begin"):
        raise ParameterError(
            f"freq {freq!r} anchors periods on their first day; periods here are named by their last day: "
            "use 'ME' for months, 'QE' for quarters."
        )
    # The grid starts with the period holding the first date: for "2W" the fortnight ending on the
    # second Sunday from it, so the first period is a whole one.
    base = offset.base
    first = base.rollforward(dates.min()) + (offset.n - 1) * base
    last = dates.max()
    ends = pd.date_range(first, max(last, first) + offset, freq=offset)
    ends = ends[: int(np.searchsorted(ends.values, last.to_datetime64(), side="left")) + 1]
    index = np.searchsorted(ends.values, dates.to_numpy(dtype="datetime64[ns]"), side="left")
    starts = [(ends[0] - offset) + pd.Timedelta(days=1)] + [e + pd.Timedelta(days=1) for e in ends[:-1]]
    return index, pd.DatetimeIndex(starts), ends


@fill_doc
def shares_over_time(
    sentences: pd.DataFrame,
    labels,
    *,
    by: str = "side",
    sides: Sequence[str] | None = None,
    freq: str = "W",
    min_docs: int = MIN_DOCS,
    n_boot: int = 2000,
    ci: float = 0.95,
    date_col: str = "date",
    doc_col: str = "doc_id",
    cluster_by: str | None = None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Each label's share of each side's sentences, per period, with document-bootstrap intervals.

    Shares are within each side and period: a week in which one side published twice as
    much does not weigh twice. Each point carries the number of documents behind it; periods
    with fewer than ``min_docs`` documents are flagged ``sparse`` (the plot greys them) and
    periods with none are kept with a missing share, so gaps in coverage stay visible.

    Parameters
    ----------
    {doc.sentences}
        It needs a date column (``date_col``), the document's date.
    {doc.time_labels}
    {doc.by}
    {doc.sides}
    freq : str, default "W"
        Period length as a pandas frequency naming each period's last day: ``"W"`` weeks
        ending on Sunday, ``"2W"`` fortnights, ``"ME"`` months, ``"D"`` days. Periods form one
        regular grid from the period of the first dated document to that of the last.
    min_docs : int, default 4
        A side's period with fewer documents is flagged ``sparse``: with two or three
        documents a bootstrap interval cannot show the variation it never sampled.
    {doc.time_options}

    Returns
    -------
    pandas.DataFrame
        One row per side, period and label: ``by``, ``period_start``, ``period_end``, ``label``,
        ``share``, ``ci_low``, ``ci_high``, ``n_docs``, ``n_sentences``, ``sparse``, and the
        settings behind them, the same on every row: ``freq``, ``min_docs``, ``ci``, ``n_boot``
        and ``cluster_by``.

    References
    ----------
    Roberts, M. E., Stewart, B. M. & Airoldi, E. M. (2016). A model of text for experimentation
    in the social sciences. JASA 111, 988-1003 (topic prevalence as a function of time).
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap, ch. 13 (percentile
    interval); Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R. Stat.
    Soc. B 69, 369-390 (documents, not sentences, are resampled).
    """
    min_docs = check_int(min_docs, "min_docs")
    n_boot = check_int(n_boot, "n_boot")
    ci = check_number(ci, "ci", low=0, high=1, inclusive=False, hint=" (e.g. 0.95)")
    sides, values, units, C = _units(sentences, labels, by, sides, date_col, doc_col, cluster_by=cluster_by)
    period, starts, ends = _periods(units["date"], freq)
    rng = np.random.default_rng(random_state)
    frames = []
    for side in sides:
        for p in range(len(ends)):
            rows = ((units["side"] == side).to_numpy()) & (period == p)
            share, low, high = _cell(C[rows], n_boot, ci, rng, groups=_groups(units, rows))
            frames.append(
                pd.DataFrame(
                    {
                        by: side,
                        "period_start": starts[p],
                        "period_end": ends[p],
                        "label": values,
                        "share": share,
                        "ci_low": low,
                        "ci_high": high,
                        "n_docs": int(rows.sum()),
                        "n_sentences": int(C[rows].sum()),
                        "sparse": bool(rows.sum() < min_docs),
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    # The settings as columns, not DataFrame.attrs (which pandas drops): issue 25's contract.
    return out.assign(freq=freq, min_docs=min_docs, ci=ci, n_boot=n_boot, cluster_by=cluster_by)


def _cell(C: np.ndarray, n_boot: int, ci: float, rng: np.random.Generator, *, groups=None):
    """Shares of one cell of documents (rows of C) and their percentile interval.

    ``groups``: the documents' outlets, for the two-stage (outlets, then documents) bootstrap.
    """
    k = C.shape[1]
    if C.shape[0] == 0:
        return np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan)
    d = C.sum(axis=1)
    share = ratio(C.sum(axis=0), np.asarray(d.sum()))
    low, high = percentile_interval(bootstrap_shares(C, d, n_boot, rng, groups=groups), ci)
    return share, low, high


def _event_date(event, events) -> pd.Timestamp:
    """The date of ``event``: a date, or the label of a row of ``events``."""
    if events is not None and isinstance(event, str):
        table = check_events(events)
        hit = table[table["label"].str.casefold() == event.strip().casefold()]
        if len(hit):
            return pd.Timestamp(hit["date"].iloc[0])
    try:
        date = pd.to_datetime(event, errors="coerce")
    except (TypeError, ValueError):
        date = pd.NaT
    if pd.isna(date):
        known = [] if events is None else list(check_events(events)["label"])
        raise ParameterError(
            f"event {event!r} is neither a date (YYYY-MM-DD) nor the label of an event {known}."
        )
    date = pd.Timestamp(date)
    return (date.tz_localize(None) if date.tz is not None else date).normalize()


def _windows(units: pd.DataFrame, date: pd.Timestamp, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Units dated in ``[date - window, date)`` (before) and ``[date, date + window)`` (after)."""
    delta = (units["date"] - date).dt.days.to_numpy()
    return (delta >= -window) & (delta < 0), (delta >= 0) & (delta < window)


#: The options :func:`event_did` shares with :func:`window_sensitivity` and :func:`did_by_event`, which
#: pass them on unchanged (one list, so a new option cannot be forgotten in one of the three).
_DID_OPTIONS = (
    "by",
    "sides",
    "min_docs",
    "n_boot",
    "ci",
    "date_col",
    "doc_col",
    "cluster_by",
    "random_state",
)


def _did_options(arguments: dict) -> dict:
    """The :data:`_DID_OPTIONS` among a caller's arguments (its ``locals()`` on entry)."""
    return {name: arguments[name] for name in _DID_OPTIONS}


def _check_sides(sentences, sides, *, by: str, doc_col: str) -> list:
    """The two sides A and B of a difference-in-differences: ``sides``, or the two with most documents."""
    sides = list(sides) if sides is not None else main_pair(sentences, by=by, doc_col=doc_col)
    if len(sides) != 2 or sides[0] == sides[1]:
        raise ParameterError(f"sides must name two different values of {by!r}; got {sides!r}.")
    return sides


@renamed_parameters(pair="sides")
@fill_doc
def event_did(
    sentences: pd.DataFrame,
    labels,
    *,
    event,
    events=None,
    by: str = "side",
    sides: Sequence[str] | None = None,
    window: int = 14,
    min_docs: int = MIN_DOCS,
    n_boot: int = 2000,
    ci: float = 0.95,
    date_col: str = "date",
    doc_col: str = "doc_id",
    cluster_by: str | None = None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """How much more one side's emphasis changed than the other's around an event (difference-in-differences).

    For each label (theme, frame, voice): the change of its share in side A's coverage from the
    ``window`` days before the event to the ``window`` days from it on, minus the same change in
    side B's coverage, ``(after_A - before_A) - (after_B - before_B)``. Whatever moved both
    sides' coverage at once (the news agenda, a holiday, a change of season) cancels; what
    remains is the difference between sides in how they moved.

    A per-side before/after test is deliberately not the headline: a side's coverage changes
    around an event for reasons that have nothing to do with framing (other outlets start
    covering the story, genres shift from reports to commentary, the story itself moves on), so
    "side A's share rose" confounds the event with all of that. The per-side changes are in the
    table, with intervals, to say *which* side moved, not whether the event moved it.

    Parameters
    ----------
    {doc.sentences}
        With a date column (``date_col``).
    {doc.time_labels}
    {doc.event}
    events : pandas.DataFrame or path, optional
        An events table (:func:`read_events`) in which to look ``event`` up by label.
    {doc.by}
    {doc.event_sides}
    {doc.event_window}
    min_docs : int, default 4
        Fewer documents than this in any of the four cells gives a warning (and the row is
        flagged ``sparse``); an empty cell is an error.
    {doc.time_options}

    Returns
    -------
    pandas.DataFrame
        One row per label, columns ``event`` (date), ``window``, ``side_a``, ``side_b``,
        ``label``, ``before_a``, ``after_a``, ``change_a``, ``change_a_low``,
        ``change_a_high`` (and the same for ``_b``), ``did``, ``ci_low``, ``ci_high``,
        ``p_value``, ``q_value`` (Benjamini-Hochberg across labels), the documents of the four
        cells (``n_before_a``, ``n_after_a``, ``n_before_b``, ``n_after_b``), ``sparse``, and
        the interval's ``ci`` and ``n_boot`` (the same on every row).

    Notes
    -----
    Documents are resampled within each of the four cells (side x before/after) independently.
    The p-value is the two-sided bootstrap test of ``did = 0`` from the bootstrap distribution
    centred on the estimate, ``(1 + #{|did* - did| >= |did|}) / (n_boot + 1)`` (Hall & Wilson
    1991). The same design assumption as any difference-in-differences holds: without the event,
    the two sides' shares would have moved in parallel.

    References
    ----------
    Angrist, J. D. & Pischke, J.-S. (2009). Mostly Harmless Econometrics, ch. 5
    (difference-in-differences). Efron, B. & Tibshirani, R. (1993). An Introduction to the
    Bootstrap. Hall, P. & Wilson, S. R. (1991). Two guidelines for bootstrap hypothesis
    testing. Biometrics 47, 757-762. Benjamini, Y. & Hochberg, Y. (1995). Controlling the false
    discovery rate. J. R. Stat. Soc. B 57, 289-300.
    """
    window = check_int(window, "window")
    min_docs = check_int(min_docs, "min_docs")
    n_boot = check_int(n_boot, "n_boot", minimum=2)
    ci = check_number(ci, "ci", low=0, high=1, inclusive=False, hint=" (e.g. 0.95)")
    date = _event_date(event, events)
    sides = _check_sides(sentences, sides, by=by, doc_col=doc_col)
    sides, values, units, C = _units(
        sentences, labels, by, sides, date_col, doc_col, min_groups=2, cluster_by=cluster_by
    )
    before, after = _windows(units, date, window)
    rng = np.random.default_rng(random_state)
    cells, counts = {}, {}
    for side, tag in zip(sides, ("a", "b")):
        on = (units["side"] == side).to_numpy()
        for when, rows in (("before", before), ("after", after)):
            n = int((on & rows).sum())
            if n == 0:
                raise ParameterError(
                    f"{by} {side!r} has no documents {when} {date.date()} within {window} days; choose a "
                    "wider window or another event."
                )
            cells[(tag, when)] = _cell_replicates(C[on & rows], n_boot, rng, groups=_groups(units, on & rows))
            counts[f"n_{when}_{tag}"] = n
    return _did_table(cells, counts, values, date, window, sides, ci, min_docs)


def _cell_replicates(C: np.ndarray, n_boot: int, rng: np.random.Generator, *, groups=None):
    """A cell's observed shares and their bootstrap replicates (documents, or outlets then documents)."""
    d = C.sum(axis=1)
    return ratio(C.sum(axis=0), np.asarray(d.sum())), bootstrap_shares(C, d, n_boot, rng, groups=groups)


def _did_table(cells, counts, values, date, window, sides, ci, min_docs) -> pd.DataFrame:
    """Assemble the per-label difference-in-differences table from the four cells' replicates."""
    out = {"event": date, "window": window, "side_a": sides[0], "side_b": sides[1], "label": values}
    est, boot = {}, {}
    for tag in ("a", "b"):
        (b_obs, b_boot), (a_obs, a_boot) = cells[(tag, "before")], cells[(tag, "after")]
        est[tag], boot[tag] = a_obs - b_obs, a_boot - b_boot
        low, high = percentile_interval(boot[tag], ci)
        out[f"before_{tag}"], out[f"after_{tag}"] = b_obs, a_obs
        out[f"change_{tag}"], out[f"change_{tag}_low"], out[f"change_{tag}_high"] = est[tag], low, high
    did, did_boot = est["a"] - est["b"], boot["a"] - boot["b"]
    out["did"] = did
    out["ci_low"], out["ci_high"] = percentile_interval(did_boot, ci)
    # Centred bootstrap test of did = 0; a small tolerance keeps float noise from breaking ties.
    extreme = (np.abs(did_boot - did) >= np.abs(did) - 1e-12).sum(axis=0)
    out["p_value"] = (1 + extreme) / (1 + did_boot.shape[0])
    out["q_value"] = false_discovery_control(out["p_value"], method="bh")
    out = pd.DataFrame({**out, **counts})
    out["sparse"] = min(counts.values()) < min_docs
    # What the interval means, on every row (issue 25: no DataFrame.attrs, which pandas drops).
    out["ci"], out["n_boot"] = ci, did_boot.shape[0]
    if out["sparse"].iloc[0]:
        warnings.warn(
            f"around {date.date()} (window {window} days) a cell has fewer than {min_docs} documents "
            f"({counts}); the bootstrap interval is too narrow to trust. Read the result as descriptive.",
            FramingWarning,
            stacklevel=3,
        )
    return out


@renamed_parameters(pair="sides")
@fill_doc
def window_sensitivity(
    sentences: pd.DataFrame,
    labels,
    *,
    event,
    events=None,
    windows: Sequence[int] = WINDOWS,
    by: str = "side",
    sides: Sequence[str] | None = None,
    min_docs: int = MIN_DOCS,
    n_boot: int = 2000,
    ci: float = 0.95,
    date_col: str = "date",
    doc_col: str = "doc_id",
    cluster_by: str | None = None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """:func:`event_did` at several window widths: how the answer moves with the window.

    A difference that appears at one width only is fragile: a narrow window has few
    documents, a wide one reaches other events and the slow drift of the agenda. Read the
    estimates across widths before reading one.

    Parameters
    ----------
    {doc.sentences}
    {doc.time_labels}
    {doc.event}
    events : pandas.DataFrame or path, optional
        Events table to look ``event`` up in.
    windows : sequence of int, default (7, 10, 14, 21, 28)
        Window widths in days. Widths that leave a cell without documents are skipped with a
        warning.
    {doc.by}
    {doc.event_sides}
    min_docs : int, default 4
        Cells with fewer documents are flagged ``sparse``.
    {doc.time_options}

    Returns
    -------
    pandas.DataFrame
        The :func:`event_did` tables of every width, stacked (column ``window``); q-values are
        across labels within each width.

    References
    ----------
    Angrist, J. D. & Pischke, J.-S. (2009). Mostly Harmless Econometrics, ch. 5.
    """
    options = _did_options(locals())
    if isinstance(windows, (int, np.integer)):
        windows = [windows]
    tables = []
    for w in sorted({check_int(w, "windows") for w in windows}):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FramingWarning)
                tables.append(event_did(sentences, labels, event=event, events=events, window=w, **options))
        except ParameterError as exc:
            if "has no documents" not in str(exc):
                raise
            warnings.warn(f"window {w} days skipped: {exc}", FramingWarning, stacklevel=2)
    if not tables:
        raise ParameterError(
            f"no window in {list(windows)} has documents on both sides before and after {event!r}."
        )
    return pd.concat(tables, ignore_index=True)


@renamed_parameters(pair="sides")
@fill_doc
def event_coverage(
    sentences: pd.DataFrame,
    *,
    events,
    by: str = "side",
    sides: Sequence[str] | None = None,
    window: int = 14,
    min_docs: int = MIN_DOCS,
    date_col: str = "date",
    doc_col: str = "doc_id",
) -> pd.DataFrame:
    """Documents of each side before and after each event: which events the corpus can test.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences (or documents) with ``by``, ``date_col`` and ``doc_col``.
    events : pandas.DataFrame or path
        Events table (:func:`read_events`).
    {doc.by}
    {doc.event_sides}
    window : int, default 14
        Days either side of each event.
    min_docs : int, default 4
        An event is ``testable`` when each of its four cells has at least this many documents.
    {doc.date_doc_cols}

    Returns
    -------
    pandas.DataFrame
        The events with ``side_a``, ``side_b``, ``n_before_a``, ``n_after_a``, ``n_before_b``,
        ``n_after_b`` and ``testable``; no rows when ``events`` is None.

    References
    ----------
    Angrist, J. D. & Pischke, J.-S. (2009). Mostly Harmless Econometrics, ch. 5 (a
    difference-in-differences needs observations in all four cells).
    """
    counts = ["n_before_a", "n_after_a", "n_before_b", "n_after_b"]
    if events is None:
        return pd.DataFrame(columns=["date", "label", "side_a", "side_b", *counts, "testable"])
    table = check_events(events)
    window, min_docs = check_int(window, "window"), check_int(min_docs, "min_docs")
    sides = _check_sides(sentences, sides, by=by, doc_col=doc_col)
    sides, _, units, _ = _units(
        sentences, np.zeros(len(sentences)), by, sides, date_col, doc_col, min_groups=2
    )
    table["side_a"], table["side_b"] = sides
    for i, date in enumerate(table["date"]):
        before, after = _windows(units, date, window)
        for side, tag in zip(sides, ("a", "b")):
            on = (units["side"] == side).to_numpy()
            table.loc[i, f"n_before_{tag}"] = int((on & before).sum())
            table.loc[i, f"n_after_{tag}"] = int((on & after).sum())
    table[counts] = table[counts].astype(int)
    table["testable"] = (table[counts] >= min_docs).all(axis=1)
    return table


@renamed_parameters(pair="sides")
@fill_doc
def did_by_event(
    sentences: pd.DataFrame,
    labels,
    *,
    events,
    by: str = "side",
    sides: Sequence[str] | None = None,
    window: int = 14,
    min_docs: int = MIN_DOCS,
    n_boot: int = 2000,
    ci: float = 0.95,
    date_col: str = "date",
    doc_col: str = "doc_id",
    cluster_by: str | None = None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """:func:`event_did` around every event the corpus can test (:func:`event_coverage`), stacked.

    Parameters
    ----------
    {doc.sentences}
    {doc.time_labels}
    events : pandas.DataFrame, path or None
        Events table; None gives an empty table.
    {doc.by}
    {doc.event_sides}
    window : int, default 14
        Days either side of each event.
    min_docs : int, default 4
        Events whose four cells do not all reach this many documents are left out.
    {doc.time_options}

    Returns
    -------
    pandas.DataFrame
        The :func:`event_did` rows of each testable event, with the event's ``event_label``;
        q-values are across labels within each event.

    References
    ----------
    Angrist, J. D. & Pischke, J.-S. (2009). Mostly Harmless Econometrics, ch. 5.
    """
    options = _did_options(locals())
    where = {name: options[name] for name in ("by", "sides", "min_docs", "date_col", "doc_col")}
    coverage = event_coverage(sentences, events=events, window=window, **where)
    tables = [
        event_did(sentences, labels, event=row.date, window=window, **options).assign(event_label=row.label)
        for row in coverage[coverage["testable"].astype(bool)].itertuples()
    ]
    if not tables:
        return pd.DataFrame(columns=["event", "event_label", "window", "side_a", "side_b", "label", "did"])
    return pd.concat(tables, ignore_index=True)


def moving_labels(shares: pd.DataFrame, *, n: int = 4, hue: str = "side") -> list:
    """The labels whose share moved most across periods in any side: the ones worth drawing over time.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`shares_over_time` output.
    n : int, default 4
        How many labels.
    hue : str, default "side"
        The side column (the ``by`` given to :func:`shares_over_time`).

    Returns
    -------
    list
        Labels ranked by the largest range (highest minus lowest share) across the non-sparse
        periods of any one side; ties by label.
    """
    n = check_int(n, "n")
    for col in (hue, "label", "share", "sparse"):
        check_column(shares, col, name="shares")
    kept = shares[~shares["sparse"].astype(bool) & shares["share"].notna()]
    if kept.empty:
        kept = shares[shares["share"].notna()]
    spread = kept.groupby(["label", hue])["share"].agg(lambda s: s.max() - s.min()).groupby(level=0).max()
    ranked = sorted(spread.index, key=lambda lab: (-spread[lab], str(lab)))
    return ranked[:n]
