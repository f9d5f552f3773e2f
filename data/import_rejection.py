"""The contract of every import of a user's records (sales, readings, transformers,
temperatures): rows that fail a check are rejected with their row number, the field at fault
and the reason, and the rest are imported.

Rows are numbered from 1 in the order they arrive: in a CSV file, row 1 is the first line after
the header (a spreadsheet's row 2); in a JSON list, row 1 is its first element. The checks
here work on whole columns (pandas), so a file of a million rows costs no Python per row
beyond the rejections themselves.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pandas as pd
import psycopg
from psycopg import sql

from gis.errors import GridOpsError
from gis.settings import web_settings

CSV_CHUNK_ROWS = 50_000


class ImportFileError(GridOpsError):
    """A whole file is unusable (unreadable, or its header lacks a required column)."""


@dataclass(frozen=True)
class Rejection:
    """Why one row of an import file was refused: its row number, the field and the reason."""

    row: int
    field: str
    reason: str


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: rows imported (inserted, or replaced where the import upserts)
    and every rejection, by row."""

    imported: int
    rejected: tuple[Rejection, ...]
    replaced: int = 0  # of the imported rows, those that replaced a stored row
    already_stored: int = 0  # valid rows rejected only because they are stored already

    @property
    def rejected_rows(self) -> int:
        """How many rows were refused (a row refused for several reasons counts once)."""
        return len({rejection.row for rejection in self.rejected})

    def describe(self, noun: str) -> str:
        """The import's outcome in one line: imported, replaced and rejected counts."""
        replaced = f" ({self.replaced:,} replaced stored rows)" if self.replaced else ""
        return (
            f"imported {self.imported:,} {noun}{replaced}; "
            f"rejected {self.rejected_rows:,} rows ({len(self.rejected):,} reasons)"
        )


class RowChecks:
    """Checks over a frame's rows: each failed check rejects rows (once per field) and
    clears them from `ok`, so later checks can look at the rows still standing."""

    def __init__(self, rows: npt.NDArray[np.int64]) -> None:
        self.rows = rows
        self.ok = np.ones(len(rows), dtype=bool)
        self.rejections: list[Rejection] = []
        self._rejected: dict[str, npt.NDArray[np.bool_]] = {}  # per field, the rows it failed

    @classmethod
    def of_chunk(cls, chunk: pd.DataFrame, first_row: int) -> RowChecks:
        """Checks over a CSV chunk whose first row is first_row, every row holding a NUL in
        any of its columns already rejected (PostgreSQL text cannot hold one)."""
        checks = cls(np.arange(first_row, first_row + len(chunk), dtype=np.int64))
        for name in chunk.columns:
            column = chunk[name]
            if column.dtype == object:
                nul = column.astype(str).str.contains("\x00", regex=False).to_numpy()
                checks.reject(nul, str(name), "holds a NUL character")
        return checks

    def reject(
        self, failed: npt.NDArray[np.bool_] | pd.Series, field: str, reason: str | Sequence[str]
    ) -> None:
        """Reject the rows where `failed` holds; reason is one text, or one per row. A row
        already rejected for the field keeps its first reason."""
        mask = np.asarray(failed, dtype=bool)
        earlier = self._rejected.get(field)
        if earlier is not None:
            mask = mask & ~earlier
        if not mask.any():
            return
        self._rejected[field] = mask if earlier is None else earlier | mask
        if isinstance(reason, str):
            self.rejections += [Rejection(int(row), field, reason) for row in self.rows[mask]]
        else:
            reasons = np.asarray(reason, dtype=object)[mask]
            self.rejections += [
                Rejection(int(row), field, str(text))
                for row, text in zip(self.rows[mask], reasons, strict=True)
            ]
        self.ok &= ~mask


def sorted_rejections(rejections: Sequence[Rejection]) -> tuple[Rejection, ...]:
    """The rejections in row order."""
    return tuple(sorted(rejections, key=lambda r: r.row))


def is_blank(column: pd.Series) -> npt.NDArray[np.bool_]:
    """Missing values: None, NaN, or text that is empty or only spaces (no other value
    prints as empty text)."""
    missing = column.isna().to_numpy()
    text = column.where(~missing, "").astype(str).str.strip()
    return np.asarray(missing | (text == "").to_numpy(), dtype=bool)


def as_text(column: pd.Series) -> pd.Series:
    """Values as stripped text ('' where missing)."""
    missing = column.isna().to_numpy()
    return column.where(~missing, "").astype(str).str.strip().astype(object)


def as_number(column: pd.Series) -> pd.Series:
    """Numbers as float64 (NaN where missing or not a number; booleans are not numbers)."""
    values = column.map(lambda value: None if isinstance(value, bool) else value)
    text = values.map(lambda value: value.strip() if isinstance(value, str) else value)
    return pd.to_numeric(text, errors="coerce").astype(np.float64)


def check_number(checks: RowChecks, column: pd.Series, field: str) -> npt.NDArray[np.float64]:
    """The column as finite numbers; rejects missing and non-numeric values."""
    blank = is_blank(column)
    numbers = as_number(column).to_numpy()
    checks.reject(blank, field, "missing")
    checks.reject(~blank & ~np.isfinite(numbers), field, "not a number")
    return numbers


def local_zone() -> ZoneInfo:
    """The utility's time zone (GRIDOPS_TIMEZONE), for times given without one."""
    return ZoneInfo(web_settings().timezone)


def _parse_instant(value: object, zone: ZoneInfo) -> datetime | None:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)


def as_instants(column: pd.Series) -> npt.NDArray[np.datetime64]:
    """ISO 8601 times as UTC datetime64[us] (NaT where missing or unreadable); a time without
    a zone is read in the utility's zone (GRIDOPS_TIMEZONE, Asia/Shanghai). Each distinct text
    is parsed once (hourly readings repeat the same hours for every transformer)."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    zone = local_zone()
    parsed = np.array(
        [
            np.datetime64("NaT", "us")
            if (instant := _parse_instant(value, zone)) is None
            else np.datetime64(instant.replace(tzinfo=None), "us")
            for value in uniques
        ]
        + [np.datetime64("NaT", "us")],
        dtype="datetime64[us]",
    )
    return parsed[codes]  # code -1 (missing) takes the final NaT


def check_instants(checks: RowChecks, column: pd.Series, field: str) -> npt.NDArray[np.datetime64]:
    """Read a column of times, rejecting the rows where one is missing or not ISO 8601."""
    blank = is_blank(column)
    instants = as_instants(column)
    checks.reject(blank, field, "missing")
    checks.reject(
        ~blank & np.isnat(instants),
        field,
        "not an ISO 8601 time (e.g. 2026-07-01T14:30:00+08:00)",
    )
    return instants


def require_columns(header: Sequence[str], required: Sequence[str], path: Path) -> None:
    """Refuse the whole file (ImportFileError) when its header lacks a required column."""
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportFileError(
            f"{path}: the header row lacks the column(s) {', '.join(missing)} "
            f"(it names {', '.join(header) or 'nothing'})"
        )


def holds_nul(path: Path) -> bool:
    """Whether the file holds a NUL byte anywhere."""
    with path.open("rb") as file:
        return any(b"\x00" in chunk for chunk in iter(lambda: file.read(1 << 20), b""))


def read_csv_chunks(
    path: Path, required: Sequence[str], chunk_rows: int = CSV_CHUNK_ROWS
) -> Iterator[tuple[int, pd.DataFrame]]:
    """(first row number, chunk) of a CSV whose header row names the fields; every value as
    text, nothing turned into NaN behind the caller's back.

    pandas' C parser ends a field at a NUL byte and drops the rest of it without a word, so a
    file that holds one is read by its python parser instead, which keeps the NUL: the row is
    then rejected (RowChecks.of_chunk) rather than stored cut short."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            header = [name.strip() for name in next(csv.reader(file), [])]
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"cannot read {path}: {exc}") from None
    require_columns(header, required, path)
    first = 1
    reader = pd.read_csv(
        path,
        dtype=str,
        keep_default_na=False,
        chunksize=chunk_rows,
        encoding="utf-8-sig",
        skipinitialspace=True,
        engine="python" if holds_nul(path) else "c",
    )
    with reader:
        for chunk in reader:
            chunk.columns = [str(name).strip() for name in chunk.columns]
            yield first, chunk
            first += len(chunk)


def count_csv_rows(path: Path) -> int:
    """Records in a CSV (lines after the header; for the progress bar only)."""
    with path.open("rb") as file:
        return max(
            sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b"")) - 1, 0
        )


def write_rejections(path: Path, rejections: Sequence[Rejection]) -> None:
    """Every rejection as CSV: row, field, reason."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["row", "field", "reason"])
        writer.writerows((r.row, r.field, r.reason) for r in rejections)


def drop_table(conn: psycopg.Connection, table: str) -> None:
    """Drop an import's staging table (it would go at commit anyway)."""
    conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(table)))
