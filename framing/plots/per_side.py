"""One panel per side: a figure-level helper in the manner of seaborn's ``FacetGrid``/``catplot``.

Several figures show the same Axes-level plot once per side (each side's shares against the
rest, each side's omission rates). :func:`per_side` makes the figure, one row of panels per
side, calls the plot on each panel with that side, and returns a :class:`PerSideGrid` holding
the figure and its Axes; ``study.save(grid, name)`` saves it like a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from framing.errors import ParameterError

__all__ = ["PerSideGrid", "per_side"]


@dataclass(frozen=True)
class PerSideGrid:
    """The figure :func:`per_side` drew, its panels and the side of each (like seaborn's ``FacetGrid``).

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure (``study.save(grid, name)`` and ``framing.study.figures.save_figure`` take the grid itself).
    axes : numpy.ndarray of matplotlib.axes.Axes
        The panels, one per side, in the order of ``sides`` (top to bottom, or left to right).
    axes_dict : dict
        ``{side: Axes}``.
    """

    figure: Figure
    axes: np.ndarray
    axes_dict: dict

    @property
    def sides(self) -> list:
        """The sides, in the order of the panels."""
        return list(self.axes_dict)


def _side_keyword(side) -> dict:
    return {"side": side}


def per_side(
    data,
    *,
    plot: Callable[..., Axes],
    sides: Sequence,
    panel: Callable[[object], dict] = _side_keyword,
    height: float = 2.0,
    width: float = 7.0,
    pad: float = 1.2,
    sharex: bool = False,
    orient: str = "v",
    **kwargs,
) -> PerSideGrid:
    """Draw an Axes-level plot once per side, one panel under the other (or beside it), on a new figure.

    Parameters
    ----------
    data : pandas.DataFrame
        The tidy table every panel draws from (each panel picks its side through ``panel``).
    plot : callable
        An Axes-level framing plot taking ``data`` first and ``ax=``, e.g.
        ``plot=framing.plots.plot_omission_rates``.
    sides : sequence of str
        The sides, one panel each, top to bottom.
    panel : callable, optional
        ``panel(side)`` returns the keywords that make a panel that side's, e.g.
        ``lambda side: {"sides": (side, "rest"), "title": side}``; the default passes ``side=side``.
    height : float
        Height of each panel in inches.
    width : float
        Width of the figure (``orient="v"``) or of each panel (``orient="h"``) in inches.
    pad : float
        Inches added to the figure's height for titles and the axis below the panels.
    sharex : bool
        Share the x axis between panels (one scale to compare the sides on).
    orient : {"v", "h"}
        ``"v"``: panels top to bottom (the figure is ``width`` by ``pad + height * len(sides)``);
        ``"h"``: side by side (``width * len(sides)`` by ``pad + height``).
    **kwargs
        Passed to every call of ``plot`` (``cluster_names=``, ``hue=``...).

    Returns
    -------
    PerSideGrid
        The figure, its Axes and the side of each.

    References
    ----------
    Waskom, M. (2021). seaborn: statistical data visualization. JOSS 6(60), 3021 (``FacetGrid``,
    figure-level functions).
    """
    sides = list(sides)
    if not sides:
        raise ParameterError("per_side() needs at least one side in sides=; pass e.g. sides=study.sides.")
    if not callable(plot):
        raise ParameterError(
            f"per_side() needs plot= an Axes-level plot function, e.g. plots.plot_omission_rates; got {plot!r}."
        )
    if orient not in ("v", "h"):
        raise ParameterError(f'per_side() orient must be "v" (panels top to bottom) or "h"; got {orient!r}.')
    n = len(sides)
    shape, figsize = (
        ((n, 1), (width, pad + height * n)) if orient == "v" else ((1, n), (width * n, pad + height))
    )
    fig, axes = plt.subplots(*shape, figsize=figsize, sharex=sharex, squeeze=False)
    axes = axes.ravel()
    for ax, side in zip(axes, sides, strict=True):
        plot(data, ax=ax, **kwargs, **panel(side))
    fig.tight_layout()
    return PerSideGrid(figure=fig, axes=axes, axes_dict=dict(zip(sides, axes, strict=True)))
