"""How far the 2-D cluster map moves when the vectors change in their last bits, per layout method.

Usage::

    python benchmarks/map_stability.py              # the demo corpus, 3 perturbations
    python benchmarks/map_stability.py --png out/   # also draws each method's map, before and after

Another CPU (AVX-512 against AVX2 only, one thread against two) gives sentence vectors that differ in
their last bits: about 1e-7 to 1e-6 relative. The benchmark perturbs the demo's vectors by that much
(``x * (1 + rel * N(0, 1))``, seeded), keeps the clusters fixed, and reports for each layout:

- ``max move / span``: the largest displacement of any point, as a share of the map's width;
- ``Procrustes disparity``: what is left after the best rotation, reflection and scaling (0 = the
  same picture; t-SNE maps that differ only by a rotation would score near 0 here);
- ``same picture``: disparity below 1e-4.

The baseline is a rerun on the same vectors, which every method passes exactly (same machine).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
from scipy.spatial import procrustes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import framing


def perturbed(X: np.ndarray, rel: float, seed: int) -> np.ndarray:
    """``X`` with each value moved by ``rel`` relative noise, as another CPU's kernels might give it."""
    rng = np.random.default_rng(seed)
    return (X * (1 + rel * rng.standard_normal(X.shape))).astype(np.float32)


def measure(X: np.ndarray, labels: np.ndarray, method: str, rels, repeats: int) -> list[dict]:
    """One row per relative perturbation: the worst move and disparity over ``repeats`` draws."""
    base = framing.project(X, labels, method=method, random_state=0)
    span = float(np.ptp(base, axis=0).max())
    rows = []
    for rel in rels:
        moves, disparities = [], []
        for seed in range(repeats):
            other = base if rel == 0 else framing.project(perturbed(X, rel, seed), labels, method=method)
            moves.append(float(np.abs(other - base).max()) / span)
            disparities.append(float(procrustes(base, other)[2]))
        rows.append({"method": method, "rel": rel, "move": max(moves), "disparity": max(disparities)})
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--png", type=Path, default=None, help="folder for the maps, before and after")
    args = parser.parse_args(argv)
    documents = framing.clean_corpus(framing.load_demo()).documents
    sentences = framing.split_sentences(documents)
    X = framing.embed(sentences)
    labels = framing.SentenceClusterer(random_state=0).fit(X, texts=sentences["text"]).labels_
    print(f"demo corpus: {len(X)} sentences, {labels.max() + 1} clusters; load {os.getloadavg()[0]:.1f}")
    print(f"{'method':<9} {'perturbation':>12} {'max move/span':>14} {'Procrustes':>11}  same picture")
    for method in framing.analysis.projection.METHODS:
        for row in measure(X, labels, method, (0.0, 1e-7, 1e-6), args.repeats):
            same = "yes" if row["disparity"] < 1e-4 else "NO"
            print(f"{method:<9} {row['rel']:>12.0e} {row['move']:>14.2e} {row['disparity']:>11.2e}  {same}")
        if args.png:
            draw(X, labels, sentences, method, args.png)


def draw(X, labels, sentences, method: str, folder: Path) -> None:
    """Save the map of ``method`` on the vectors and on one perturbation, for a person to compare."""
    folder.mkdir(parents=True, exist_ok=True)
    for tag, vectors in (("before", X), ("after", perturbed(X, 1e-6, 0))):
        xy = framing.project(vectors, labels, method=method, random_state=0)
        mapped = sentences.assign(x=xy[:, 0], y=xy[:, 1], cluster=labels)
        ax = framing.plots.plot_cluster_map(mapped, hue="side", title=f"{method}, {tag}")
        ax.figure.savefig(folder / f"map_{method}_{tag}.png", dpi=80)


if __name__ == "__main__":
    main()
