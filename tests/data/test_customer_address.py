"""The demo customers' addresses (data/customer_address.py): every customer has one, in the
city's style, naming the street the customer lies on, with a house number on its side."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer

from data.customer_address import (
    CHENGDU,
    CHENGDU_INNER,
    CHENGDU_OUTER,
    DEMO_CITY,
    StreetGrid,
    compose_addresses,
    line_name,
    line_of_name,
    parse_address,
)
from data.street_layout import CANDIDATES_PER_SITE, Street


def _local_xy(network) -> tuple[np.ndarray, float]:
    """The customers in the generator's local metres (centred on the city centre), and the
    street spacing the layout used."""
    center = network.source.parameters["center"]
    to_local = Transformer.from_crs("EPSG:4326", network.local_crs, always_xy=True)
    origin = np.asarray(to_local.transform(*center))
    points = network.customers.to_crs(network.local_crs).geometry
    xy = np.column_stack((points.x, points.y)) - origin
    territory = network.territory.to_crs(network.local_crs).geometry.values[0]
    spacing = float(np.sqrt(2 * territory.area / (CANDIDATES_PER_SITE * len(network.transformers))))
    # substations stand at street crossings: the spacing and the origin are the layout's
    stations = network.substations.to_crs(network.local_crs).geometry
    crossings = (np.column_stack((stations.x, stations.y)) - origin) / spacing
    assert np.abs(crossings - np.round(crossings)).max() < 1e-3
    return xy, spacing


def test_every_demo_customer_has_an_address_on_the_street_it_lies_on(demo_network) -> None:
    xy, spacing = _local_xy(demo_network)
    addresses = demo_network.customers["address"].tolist()
    assert len(addresses) == len(xy) and all(addresses)
    lines = range(-100, 101)
    names: dict[str, tuple[Street, int]] = {}
    for index, address in enumerate(addresses):
        parsed = parse_address(address)
        assert parsed is not None, address
        city, district, street_name, number = parsed
        assert city == CHENGDU and district in CHENGDU_INNER + CHENGDU_OUTER
        if street_name not in names:
            found = line_of_name(street_name, lines)
            assert found is not None, street_name
            names[street_name] = found
        street, line = names[street_name]
        x, y = xy[index]
        across = y if street == Street.EAST_WEST else x
        other = x if street == Street.EAST_WEST else y
        off = abs(across - line * spacing)
        # the named street is the nearest line of the grid, either way
        assert off <= spacing / 2 + 1e-6
        assert off <= abs(other - np.round(other / spacing) * spacing) + 1e-6
        # odd numbers on the north (east) side, even on the other
        assert number % 2 == (1 if across >= line * spacing else 0), (address, across, line)
    assert len(names) > 4  # the small demo's customers line several streets


def test_the_same_network_gets_the_same_addresses(demo_network) -> None:
    xy, spacing = _local_xy(demo_network)
    grid = StreetGrid(spacing, (float(xy[:, 0].min()) - 50, float(xy[:, 1].min()) - 50))
    again = compose_addresses(grid, xy, chengdu=True)
    assert [parse_address(a)[2] for a in again] == [  # type: ignore[index]
        parse_address(a)[2]  # type: ignore[index]
        for a in demo_network.customers["address"]
    ]


def test_street_names_are_distinct_and_parse_back() -> None:
    for street in (Street.EAST_WEST, Street.NORTH_SOUTH):
        names = [line_name(street, line) for line in range(-150, 151)]
        assert len(set(names)) == len(names)
        assert line_of_name(names[7], range(-150, 151)) == (street, -150 + 7)
    assert line_name(Street.EAST_WEST, 0) == "人民路"
    assert line_name(Street.NORTH_SOUTH, 0) == "春熙街"


@pytest.mark.parametrize(
    ("xy", "expected"),
    [
        ((30.0, 5.0), "成都市锦江区人民路"),  # just north of the street through the centre
        ((-4.0, -300.0), "成都市武侯区春熙街"),  # just west of the north-south one, south
        ((20_130.0, 2.0), "成都市龙泉驿区人民路"),  # far east: an outer district
    ],
)
def test_an_address_names_city_district_street_and_side(
    xy: tuple[float, float], expected: str
) -> None:
    grid = StreetGrid(400.0, (-1000.0, -1000.0))
    (address,) = compose_addresses(grid, np.asarray([xy]), chengdu=True)
    assert address.startswith(expected), address
    number = parse_address(address)[3]  # type: ignore[index]
    assert number % 2 == (0 if xy[0] == -4.0 or xy[1] < 0 else 1)


def test_a_city_other_than_chengdu_gets_the_demo_city() -> None:
    grid = StreetGrid(400.0, (-1000.0, -1000.0))
    (address,) = compose_addresses(grid, np.asarray([[10.0, 300.0]]), chengdu=False)
    assert address.startswith(DEMO_CITY + "北城区")
