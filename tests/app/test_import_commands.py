"""`gridops import sales|readings|transformers|weather FILE.csv` against a database of its own
(the commands commit): a summary line, the rejected rows, and exit 0; an unusable file is one
clear line and exit 1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from app.cli import app
from data.grid_writer import write_network
from gis.migrate import upgrade
from gis.settings import database_settings
from tests.conftest import create_database, drop_database


@pytest.fixture(scope="module")
def import_db_url(maintenance_url: str, demo_network) -> Iterator[str]:
    name, url = create_database(maintenance_url, "gridops_test_import")
    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
    with psycopg.connect(url) as conn, conn.transaction():
        write_network(conn, demo_network)
    yield url
    drop_database(maintenance_url, name)


@pytest.fixture()
def gridops(import_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("GRIDOPS_DATABASE_URL", import_db_url)
    database_settings.cache_clear()
    yield CliRunner()
    database_settings.cache_clear()


def test_import_sales_from_csv(gridops: CliRunner, import_db_url: str, tmp_path: Path) -> None:
    with psycopg.connect(import_db_url) as conn:
        lon, lat = conn.execute(
            "SELECT ST_X(geom), ST_Y(geom) FROM customer WHERE id = 2"
        ).fetchone()
    rows = [
        f"CSV-{n},2026-05-0{n % 9 + 1}T10:00:00+08:00,air_conditioner,1.6,,{lon},{lat},"
        for n in range(1, 201)
    ]
    rows += [
        f"CSV-bad,2026-05-01T10:00:00+08:00,air_conditioner,99,1,{lon},{lat},WGS84",
        f"CSV-1,2026-05-01T10:00:00+08:00,ev_charger,7,1,{lon},{lat},WGS84",
    ]
    path = tmp_path / "sales.csv"
    header = "partner_record_id,sold_at,appliance_type,rated_kw,quantity,lon,lat,crs"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    arguments = ["import", "sales", str(path), "--partner", "gome", "--no-progress"]
    result = gridops.invoke(app, [*arguments, "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    assert "imported 200 sales; rejected 2 rows" in result.output
    assert "row 201, rated_kw: 99 kW is implausible" in result.output
    assert "row 202, partner_record_id: partner_record_id 'CSV-1' repeats row 1" in result.output
    assert rejects.read_text().splitlines()[0] == "row,field,reason"
    with psycopg.connect(import_db_url) as conn:
        stored = conn.execute(
            "SELECT count(*), sum(quantity) FROM appliance_sale WHERE partner = 'gome' "
            "AND partner_record_id LIKE 'CSV-%'"
        ).fetchone()
    assert stored == (200, 200)
    again = gridops.invoke(app, arguments)
    assert "imported 0 sales; rejected 202 rows" in again.output


def test_import_sales_without_partner_is_refused(gridops: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text("partner_record_id,sold_at,appliance_type,rated_kw,lon,lat\n")
    result = gridops.invoke(app, ["import", "sales", str(path), "--no-progress"])
    assert result.exit_code == 1
    assert "lacks the column(s) partner" in result.output


def test_import_readings_transformers_and_weather(
    gridops: CliRunner, import_db_url: str, tmp_path: Path
) -> None:
    readings = tmp_path / "readings.csv"
    readings.write_text(
        "transformer_id,ts,kw\n"
        + "".join(f"5,2031-01-01T{h:02d}:00:00+08:00,{50 + h}\n" for h in range(24))
        + "5,2031-01-02T00:00:00+08:00,-4\n"
    )
    result = gridops.invoke(app, ["import", "readings", str(readings), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert (
        "imported 24 readings; rejected 1 rows" in result.output and "row 25, kw" in result.output
    )

    weather = tmp_path / "weather.csv"
    weather.write_text("ts,temperature_c\n2031-01-01T00:00:00+08:00,4.5\n")
    result = gridops.invoke(app, ["import", "weather", str(weather), "--no-progress"])
    assert "imported 1 temperatures; rejected 0 rows" in result.output

    transformers = tmp_path / "transformers.csv"
    transformers.write_text("id,lon,lat,capacity_kva,feeder_id\n5,104.06,30.66,1250,1\n")
    result = gridops.invoke(app, ["import", "transformers", str(transformers), "--no-progress"])
    assert "imported 1 transformers (1 replaced stored rows); rejected 0 rows" in result.output
    with psycopg.connect(import_db_url) as conn:
        assert conn.execute(
            "SELECT kw FROM transformer_latest_load WHERE transformer_id = 5"
        ).fetchone()[0] == pytest.approx(73)


def test_import_customer_addresses(gridops: CliRunner, import_db_url: str, tmp_path: Path) -> None:
    with psycopg.connect(import_db_url) as conn:
        (account,) = conn.execute("SELECT account_no FROM customer ORDER BY id LIMIT 1").fetchone()
    addresses = tmp_path / "addresses.csv"
    addresses.write_text(
        f"account_no,address\n{account},成都市青羊区少城街8号\n9,x\n", encoding="utf-8"
    )
    result = gridops.invoke(app, ["import", "addresses", str(addresses), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "imported 1 addresses (1 replaced stored rows); rejected 1 rows" in result.output
    assert "row 2, account_no" in result.output
    with psycopg.connect(import_db_url) as conn:
        assert conn.execute(
            "SELECT address FROM customer WHERE account_no = %s", (account,)
        ).fetchone() == ("成都市青羊区少城街8号",)
