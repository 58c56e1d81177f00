"""Names every stage shares: the noise cluster, the pooled "rest" side, abstentions, cluster names.

Defined once here so a table written by one module reads the same in every other
(compare, align, frames, the classifier and the plots all import them from here).
"""

from __future__ import annotations

from collections.abc import Mapping

#: Cluster id of HDBSCAN noise: sentences no cluster claims (McInnes et al. 2017).
NOISE = -1

#: Name of the pooled "all other sides" group in one-vs-rest comparisons.
REST = "rest"

#: Label used for abstentions when frame shares are tabulated (``frame`` itself is None).
ABSTAIN_LABEL = "(no clear frame)"


def cluster_name(cluster, names: Mapping | None = None) -> str:
    """The label a table or figure shows for a cluster.

    Parameters
    ----------
    cluster : int or str
        Cluster id (``SentenceClusterer.labels_``); a string (such as
        ``"all"`` in overall omission rates) is its own name.
    names : mapping, optional
        ``{cluster id: label}``, e.g. ``dict(zip(summary_.cluster, summary_.name))``;
        it wins over the defaults.

    Returns
    -------
    str
        ``names[cluster]`` when given, else ``"noise"`` for :data:`NOISE` and
        ``"cluster <id>"`` for any other id.

    References
    ----------
    McInnes, L., Healy, J. & Astels, S. (2017). hdbscan: Hierarchical density
    based clustering. Journal of Open Source Software 2(11), 205 (the ``-1``
    noise label).
    """
    if names is not None and cluster in names:
        return str(names[cluster])
    if isinstance(cluster, str):
        return cluster
    return "noise" if cluster == NOISE else f"cluster {cluster}"


__all__ = ["ABSTAIN_LABEL", "NOISE", "REST", "cluster_name"]
