"""The 2-D cluster map: the anchored layout is a closed form, so the same picture on any CPU."""

from __future__ import annotations

import numpy as np
import pytest

from framing.analysis.projection import project
from framing.errors import ParameterError
from tests.analysis.test_cluster import planted


def _last_bits(X, seed=1, rel=1e-6):
    """X as another CPU's kernels might give it: each value moved in its last bits (float32 ~ 6e-8)."""
    rng = np.random.default_rng(seed)
    return (X * (1 + rel * rng.standard_normal(X.shape))).astype(np.float32)


def test_anchored_puts_planted_groups_apart_with_area_by_size():
    X, truth, _ = planted()  # groups of 40, 30, 20, 10
    xy = project(X, truth)
    assert xy.shape == (len(X), 2)
    centres = np.array([xy[truth == g].mean(0) for g in range(4)])
    spread = np.array([np.sqrt(((xy[truth == g] - centres[g]) ** 2).sum(1).mean()) for g in range(4)])
    # every planted group is its own disc: each point is nearest its own group's centre
    nearest = np.linalg.norm(xy[:, None] - centres[None], axis=-1).argmin(axis=1)
    assert (nearest == truth).all()
    # a cluster's drawn area follows its size: RMS radius ~ sqrt(size)
    np.testing.assert_allclose(spread / spread[0], np.sqrt([40, 30, 20, 10]) / np.sqrt(40), rtol=1e-9)


def test_anchored_moves_by_the_size_of_a_last_bit_perturbation():
    X, truth, _ = planted()
    xy, moved = project(X, truth), project(_last_bits(X), truth)
    span = np.ptp(xy, axis=0).max()
    # Closed form: the map moves by ~ the input's relative change, never into another picture.
    assert np.abs(xy - moved).max() / span < 1e-4
    np.testing.assert_array_equal(project(X, truth), xy)


def test_anchored_axes_do_not_flip_with_row_order():
    X, truth, _ = planted()
    order = np.random.default_rng(3).permutation(len(X))
    np.testing.assert_allclose(project(X[order], truth[order]), project(X, truth)[order], atol=1e-9)


@pytest.mark.parametrize("groups", [1, 2])
def test_anchored_with_one_or_two_clusters_and_noise(groups):
    X, truth, _ = planted(sizes=[20] * groups)
    labels = truth.copy()
    labels[:3] = -1  # HDBSCAN's noise is a group of its own
    xy = project(X, labels)
    assert np.isfinite(xy).all() and np.ptp(xy, axis=0).min() > 0


@pytest.mark.parametrize("method", ["pca", "tsne"])
def test_pca_and_tsne_are_deterministic_on_one_machine(method):
    X, truth, _ = planted(sizes=[20, 20])
    a = project(X, method=method, random_state=0)
    np.testing.assert_array_equal(a, project(X, method=method, random_state=0))
    ma, mb = a[truth == 0].mean(0), a[truth == 1].mean(0)
    assert np.linalg.norm(ma - mb) > np.linalg.norm(a - a.mean(0), axis=1).mean()


def test_tsne_accepts_random_state_none():
    X, _, _ = planted(sizes=[10, 10])
    assert project(X, method="tsne", random_state=None).shape == (20, 2)


def test_labels_must_be_one_integer_per_sentence():
    X, truth, _ = planted()
    with pytest.raises(ParameterError, match=r"labels must be 100 integer cluster ids"):
        project(X, truth[:-1])
    with pytest.raises(ParameterError, match=r"got the string 'tsne'"):
        project(X, "tsne")
