"""The pooled least-squares load model: every transformer fitted at once.

Per transformer i, hourly load y_i = X b_i + Z_i g + e_i, with X the shared calendar and
temperature design (forecasting.features), b_i the transformer's own coefficients, Z_i its
appliance regressors and g the diversity factors, shared by every transformer (an air
conditioner draws the same share of its rating wherever it is sold; one transformer's few sales
could not estimate it alone). Missing hours have weight 0.

g comes from the within-transformer variation of Z_i left after X (Frisch-Waugh-Lovell):
    g = (sum_i Z_i' M_i Z_i)^-1 sum_i Z_i' M_i y_i,  M_i = W_i - W_i X (X' W_i X)^-1 X' W_i
and then b_i = (X' W_i X)^-1 X' W_i (y_i - Z_i g). All of it is built from Gram blocks with
batched matrix products: X'X is shared by every transformer without gaps, so a transformer costs
a few matrix-vector products, not a least-squares solve of its own.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.linalg import solve_triangular
from scipy.optimize import lsq_linear

from forecasting.features import (
    ApplianceSales,
    Floats,
    Hours,
    by_regressor,
    by_type,
    local_hour_of_day,
)

QUANTILES = (0.1, 0.5, 0.9)
CHUNK = 48  # transformers per batch: bounds the memory of the appliance arrays
SEASON_DAYS = 42  # the residual band's season (season_hours)


@dataclass(frozen=True)
class PooledFit:
    """The fitted model: per-transformer coefficients, shared diversity factors, residual bands."""

    beta: Floats  # [n, p]
    gamma: Floats  # [regressor]: the diversity factors, per type and 6-hour block
    residual_quantiles: Floats  # [n, local hour, quantile]

    def point(
        self, design: Floats, shapes: Floats, start_kw: Floats, trend_kw: Floats, elapsed_h: Floats
    ) -> Floats:
        """Point forecast [n, t] with the appliance kW growing linearly from start_kw
        ([n, type], at the cut-off) by trend_kw per hour."""
        weighted = shapes * self.gamma[None, :]
        return np.asarray(
            self.beta @ design.T
            + by_regressor(start_kw) @ weighted.T
            + by_regressor(trend_kw) @ (weighted * elapsed_h[:, None]).T
        )

    def rows(self, rows: slice) -> PooledFit:
        """The fit for a slice of transformers (the diversity factors are shared)."""
        return PooledFit(self.beta[rows], self.gamma, self.residual_quantiles[rows])

    def contributions(
        self, shapes_at: Floats, start_kw: Floats, trend_kw: Floats, elapsed_at: Floats
    ) -> Floats:
        """[n, type]: the kW each appliance type adds at one hour per transformer (shapes_at
        [n, type] and elapsed_at [n] are that hour's)."""
        added = by_regressor(start_kw + trend_kw * elapsed_at[:, None])
        return by_type(added * shapes_at * self.gamma[None, :])


def _ridge(gram: Floats, ridge: float) -> Floats:
    diagonal = np.diagonal(gram, axis1=-2, axis2=-1)
    bump = ridge * diagonal + 1e-9
    out = gram.copy()
    index = np.arange(gram.shape[-1])
    out[..., index, index] += bump
    return out


def fit_pooled(
    load_kw: npt.NDArray[np.float32],
    design: Floats,
    shapes: Floats,
    sales: ApplianceSales,
    hours: Hours,
    use_appliances: bool = True,
    ridge: float = 1e-6,
    progress: Callable[[int], object] | None = None,
) -> PooledFit:
    """Fit load_kw [n, t] (NaN = missing) on design [t, p] and the appliance regressors."""
    count, _ = load_kw.shape
    features = design.shape[1]
    regressors = shapes.shape[1]
    observed: npt.NDArray[np.bool_] = np.asarray(~np.isnan(load_kw))
    complete: npt.NDArray[np.bool_] = np.asarray(observed.all(axis=1))
    full_gram = design.T @ design
    shared_inverse: Floats = np.asarray(np.linalg.inv(_ridge(full_gram, ridge)), dtype=np.float64)
    use_appliances = use_appliances and len(sales.kw) > 0
    x_ty = np.zeros((count, features))
    inverses: dict[int, Floats] = {}
    pooled_zz = np.zeros((regressors, regressors))
    pooled_zy = np.zeros(regressors)
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        y = np.nan_to_num(load_kw[start:stop].astype(np.float64))
        weight = observed[start:stop].astype(np.float64)
        x_ty[start:stop] = y @ design
        inverse = np.broadcast_to(shared_inverse, (stop - start, features, features)).copy()
        for offset in np.flatnonzero(~complete[start:stop]).tolist():
            missing = weight[offset] == 0
            if missing.mean() < 0.5:  # X'WX = X'X - the missing rows' share
                gram = full_gram - design[missing].T @ design[missing]
            else:
                gram = design[~missing].T @ design[~missing]
            inverse[offset] = np.linalg.inv(_ridge(gram, ridge))
            inverses[start + offset] = inverse[offset]
        if use_appliances:
            z = by_regressor(sales.added_kw(slice(start, stop), hours)) * shapes[None, :, :]
            z_weighted = z * weight[:, :, None]
            x_tz = np.matmul(design.T[None, :, :], z_weighted)
            z_tz = np.matmul(z_weighted.transpose(0, 2, 1), z)
            z_ty = np.einsum("ntk,nt->nk", z_weighted, y)
            h = np.matmul(inverse, x_tz)  # (X'WX)^-1 X'WZ
            pooled_zz += (z_tz - np.matmul(x_tz.transpose(0, 2, 1), h)).sum(axis=0)
            pooled_zy += (z_ty - np.einsum("npk,np->nk", h, x_ty[start:stop])).sum(axis=0)
        if progress:
            progress((stop - start) // 2)
    gamma = _solve_diversity(pooled_zz, pooled_zy, ridge)
    beta = np.empty((count, features))
    quantiles = np.empty((count, 24, len(QUANTILES)))
    hour_of_day = local_hour_of_day(hours)
    season = season_hours(hours)
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        appliance_kw = np.zeros((stop - start, len(hours)))
        if use_appliances and gamma.any():
            added = by_regressor(sales.added_kw(slice(start, stop), hours))
            appliance_kw = np.einsum("ntk,tk->nt", added, shapes * gamma[None, :])
        weight = observed[start:stop].astype(np.float64)
        target = x_ty[start:stop] - (appliance_kw * weight) @ design
        for offset in range(stop - start):
            inverse_i: Floats = inverses.get(start + offset, shared_inverse)
            beta[start + offset] = inverse_i @ target[offset]
        chunk_fit = beta[start:stop] @ design.T + appliance_kw
        residual = load_kw[start:stop].astype(np.float64) - chunk_fit
        quantiles[start:stop] = residual_quantiles(residual[:, season], hour_of_day[season])
        if progress:
            progress((stop - start) - (stop - start) // 2)
    return PooledFit(beta=beta, gamma=gamma, residual_quantiles=quantiles)


def _solve_diversity(pooled_zz: Floats, pooled_zy: Floats, ridge: float) -> Floats:
    """The diversity factors, each between 0 and 1 (a unit draws neither less than nothing nor
    more than its rating); 0 for a type never sold (no variation to learn from).

    Bounded least squares on the pooled normal equations, through their Cholesky factor L:
    |L'g - L^-1 b|^2 = g'Ag - 2b'g + const. Unbounded, the cumulative sales of the types,
    which all grow together, traded large factors of opposite signs (-2 and +0.6) on half a
    year of history, and the 6-month peak came out worse than without appliances.
    """
    gamma = np.zeros(len(pooled_zy))
    seen = np.flatnonzero(np.diagonal(pooled_zz) > 1e-9)
    if len(seen):
        block = _ridge(pooled_zz[np.ix_(seen, seen)], ridge)
        factor = np.linalg.cholesky(block)
        target = solve_triangular(factor, pooled_zy[seen], lower=True)
        gamma[seen] = lsq_linear(factor.T, target, bounds=(0.0, 1.0)).x
    return gamma


def season_hours(hours: Hours) -> npt.NDArray[np.bool_]:
    """The hours whose residuals make the band: the last SEASON_DAYS and, with a year of
    history, the SEASON_DAYS from a year before the cut-off — the weeks a forecast covers, in
    their season (a heating season's misfit is not a mild season's); every hour when that
    leaves too few."""
    cutoff = int(hours[-1]) + 1
    recent = hours >= cutoff - SEASON_DAYS * 24
    year_ago = (hours >= cutoff - 365 * 24) & (hours < cutoff - (365 - SEASON_DAYS) * 24)
    season = np.asarray(recent | year_ago)
    return season if season.sum() >= 14 * 24 else np.ones(len(hours), dtype=bool)


def residual_quantiles(residual: Floats, hour_of_day: npt.NDArray[np.int64]) -> Floats:
    """[n, 24, quantile]: empirical quantiles of the residuals at each local hour (0 where a
    transformer has no residual at that hour)."""
    out = np.zeros((residual.shape[0], 24, len(QUANTILES)))
    for hour in range(24):
        at_hour = residual[:, hour_of_day == hour]
        if at_hour.shape[1] == 0:
            continue
        if np.isnan(at_hour).any():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # an hour never observed
                values = np.nanquantile(at_hour, QUANTILES, axis=1).T
        else:
            values = np.quantile(at_hour, QUANTILES, axis=1).T
        out[:, hour, :] = np.nan_to_num(values)
    return out
