"""The grid as data: what a generator or an importer hands to the writer (data/grid_writer.py).

Every frame is a GeoDataFrame in EPSG:4326 whose columns are those of its table (see
grid_writer.TABLES); the hourly load comes as blocks of transformers so that a year of a large
network never has to sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import geopandas as gpd
import numpy as np
import numpy.typing as npt
from pyproj import CRS


class SourceKind(StrEnum):
    """What filled the grid tables (grid_source.kind)."""

    DEMO = "demo"
    PANDAPOWER = "pandapower"
    IMPORT = "import"


Timestamps = npt.NDArray[np.datetime64]


@dataclass(frozen=True)
class LoadBlock:
    """Hourly kW of some transformers: kw[i, t] belongs to transformer_ids[i] at timestamps[t]."""

    transformer_ids: npt.NDArray[np.int32]
    kw: npt.NDArray[np.float32]


class LoadSource(Protocol):
    """Hourly load of every transformer, produced block by block."""

    @property
    def timestamps(self) -> Timestamps:
        """The hours, UTC, as datetime64[us]."""
        ...

    @property
    def transformer_count(self) -> int:
        """How many transformers the load covers."""
        ...

    def blocks(self) -> Iterator[LoadBlock]:
        """The load, one block of transformers after another, every transformer once."""
        ...


@dataclass(frozen=True)
class LoadMatrix:
    """A load held in memory (an importer's measured or computed series)."""

    timestamps: Timestamps
    transformer_ids: npt.NDArray[np.int32]
    kw: npt.NDArray[np.float32]
    block_size: int = 500

    @property
    def transformer_count(self) -> int:
        """How many transformers the matrix holds."""
        return len(self.transformer_ids)

    def blocks(self) -> Iterator[LoadBlock]:
        """The matrix in blocks of `block_size` transformers, in order."""
        for start in range(0, self.transformer_count, self.block_size):
            stop = start + self.block_size
            yield LoadBlock(self.transformer_ids[start:stop], self.kw[start:stop])


@dataclass(frozen=True)
class WeatherSeries:
    """Hourly air temperature of the territory (weather_reading)."""

    timestamps: Timestamps
    temperature_c: npt.NDArray[np.float64]


@dataclass(frozen=True)
class GridSource:
    """The one row of grid_source: what the grid tables hold now."""

    kind: SourceKind
    name: str
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GridNetwork:
    """A whole grid, ready to be written.

    Columns (besides geometry, always EPSG:4326):
    territory: id, name · substations: id, code, name, voltage_kv, capacity_mva ·
    feeders: id, code, substation_id, voltage_kv · transformers: id, code, feeder_id,
    capacity_kva, voltage_kv · supply_areas: id, transformer_id · customers: id, account_no,
    transformer_id, customer_type, contracted_kw (optional: address) · crews: id, code, name,
    size, status (geometry = home base) · appliance_sales (optional): partner,
    partner_record_id, sold_at (UTC), appliance_type, rated_kw, quantity, input_crs, input_lon,
    input_lat, supply_area_id, transformer_id (geometry = the WGS-84 point).
    """

    source: GridSource
    local_crs: CRS
    territory: gpd.GeoDataFrame
    substations: gpd.GeoDataFrame
    feeders: gpd.GeoDataFrame
    transformers: gpd.GeoDataFrame
    supply_areas: gpd.GeoDataFrame
    customers: gpd.GeoDataFrame
    crews: gpd.GeoDataFrame
    load: LoadSource | None = None
    weather: WeatherSeries | None = None
    appliance_sales: gpd.GeoDataFrame | None = None

    def counts(self) -> dict[str, int]:
        """Rows per table (load_reading counted without generating it)."""
        counts = {
            "substation": len(self.substations),
            "feeder": len(self.feeders),
            "transformer": len(self.transformers),
            "supply_area": len(self.supply_areas),
            "customer": len(self.customers),
            "crew": len(self.crews),
        }
        if self.appliance_sales is not None:
            counts["appliance_sale"] = len(self.appliance_sales)
        if self.load is not None:
            counts["load_reading"] = self.load.transformer_count * len(self.load.timestamps)
        return counts
