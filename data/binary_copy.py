"""PostgreSQL's binary COPY format for load_reading (transformer_id, ts, kw), built with numpy.

A binary COPY stream is a header, then per row a field count and each field as a 4-byte length
and the value in network byte order, then a trailer. Rows of fixed width make it one numpy
structured array: no Python work per row.
"""

from __future__ import annotations

import struct

import numpy as np
import numpy.typing as npt

HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)  # signature, flags, extension
TRAILER = struct.pack(">h", -1)
POSTGRES_EPOCH = np.datetime64("2000-01-01T00:00:00", "us")
LOAD_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("transformer_id_size", ">i4"),
        ("transformer_id", ">i4"),
        ("ts_size", ">i4"),
        ("ts", ">i8"),  # timestamptz: microseconds since 2000-01-01 UTC
        ("kw_size", ">i4"),
        ("kw", ">f4"),  # real
    ]
)


def postgres_microseconds(timestamps: npt.NDArray[np.datetime64]) -> npt.NDArray[np.int64]:
    """UTC datetime64 values as PostgreSQL's internal timestamptz (microseconds since 2000)."""
    return np.asarray((timestamps.astype("datetime64[us]") - POSTGRES_EPOCH).astype(np.int64))


def encode_load_rows(
    transformer_ids: npt.NDArray[np.int32],
    ts_microseconds: npt.NDArray[np.int64],
    kw: npt.NDArray[np.float32],
) -> bytes:
    """Rows kw[i, t] of transformer_ids[i] at ts_microseconds[t], transformer after
    transformer (the primary key's order), without header or trailer."""
    rows = np.empty(kw.shape, dtype=LOAD_ROW)
    rows["fields"] = 3
    rows["transformer_id_size"] = 4
    rows["ts_size"] = 8
    rows["kw_size"] = 4
    rows["transformer_id"] = transformer_ids[:, None]
    rows["ts"] = ts_microseconds[None, :]
    rows["kw"] = kw
    return rows.tobytes()


def encode_columns(*columns: npt.NDArray[np.generic]) -> bytes:
    """Rows of fixed-width fields (int4, int8, float4, float8 as numpy int32, int64,
    float32, float64; a timestamptz as int64 microseconds from postgres_microseconds), one
    row per element, without header or trailer."""
    layout: list[tuple[str, str]] = [("fields", ">i2")]
    for index, column in enumerate(columns):
        layout += [(f"size{index}", ">i4"), (f"value{index}", column.dtype.newbyteorder(">").str)]
    rows = np.empty(len(columns[0]) if columns else 0, dtype=np.dtype(layout))
    rows["fields"] = len(columns)
    for index, column in enumerate(columns):
        rows[f"size{index}"] = column.dtype.itemsize
        rows[f"value{index}"] = column
    return rows.tobytes()
