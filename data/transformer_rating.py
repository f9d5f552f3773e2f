"""Ratings of transformers and substations from the peak load they serve."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gis.vocabulary import POWER_FACTOR, STANDARD_KVA

# 110 kV substations: 2 x 31.5 up to 3 x 63 MVA.
SUBSTATION_MVA = (63.0, 80.0, 100.0, 126.0, 150.0, 189.0)
SUBSTATION_DIVERSITY = 0.55  # the substation's peak against the sum of its transformer ratings
SUBSTATION_MARGIN = 1.3


def design_loadings(count: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
    """The peak loading each transformer was sized for: mostly 40-85 %, a few percent lightly
    loaded and a few percent already at or above their rating (candidates for an upgrade)."""
    loadings = rng.uniform(0.42, 0.82, size=count)
    draw = rng.random(count)
    loadings[draw < 0.04] = rng.uniform(0.95, 1.2, size=(draw < 0.04).sum())
    loadings[draw > 0.96] = rng.uniform(0.25, 0.4, size=(draw > 0.96).sum())
    return loadings


def rate_transformers(
    peak_kw: npt.NDArray[np.float64], loadings: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """The standard rating (kVA) nearest, on a log scale, to peak kVA / design loading."""
    sizes = np.asarray(STANDARD_KVA, dtype=float)
    wanted = np.maximum(peak_kw / POWER_FACTOR / loadings, 1.0)
    nearest = np.abs(np.log(wanted)[:, None] - np.log(sizes)[None, :]).argmin(axis=1)
    return np.asarray(sizes[nearest])


def rate_substations(
    transformer_kva: npt.NDArray[np.float64], substation: npt.NDArray[np.int64], count: int
) -> npt.NDArray[np.float64]:
    """The smallest standard substation rating (MVA) that carries its transformers' peak."""
    connected = np.bincount(substation, weights=transformer_kva, minlength=count) / 1000
    needed = connected * SUBSTATION_DIVERSITY * SUBSTATION_MARGIN
    ratings = np.asarray(SUBSTATION_MVA)
    index = np.minimum(np.searchsorted(ratings, needed), len(ratings) - 1)
    return np.asarray(ratings[index])
