"""The demo customers' postal addresses, in the style of the demo city ("成都市武侯区玉林路12号"):
the city, the district the customer stands in, the street the customer lies on and a house
number along it.

The street is the customer's nearest line of the demo's street grid (data/street_layout.py:
a line every `spacing_m` metres each way, in local metres centred on the city centre). East-west
streets are 路 and north-south ones 街, each line with a name of its own. House numbers run
from the west (south) end of the territory, HOUSE_FRONTAGE_M per number pair, odd on the north
(east) side and even on the other, as Chinese streets are numbered. Districts are sectors around
the centre: the inner ones within INNER_RADIUS_M of it, the outer ones beyond.

Everything is computed on whole arrays (no Python per customer): the names of the few hundred
streets are composed once and indexed, so a million customers take well under a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from data.street_layout import Coordinates, Street, StreetLayout

HOUSE_FRONTAGE_M = 20.0  # metres of street per pair of house numbers (odd and even)
INNER_RADIUS_M = 8_000.0  # the inner districts lie within this of the centre (a third ring road)

# Chengdu's districts by sector from the east, counterclockwise: the five central districts,
# then those around them, as they lie around the city centre.
CHENGDU = "成都市"
CHENGDU_INNER = ("锦江区", "成华区", "金牛区", "青羊区", "武侯区")
CHENGDU_OUTER = ("龙泉驿区", "新都区", "郫都区", "温江区", "双流区")
DEMO_CITY = "示范市"
DEMO_INNER = ("东城区", "北城区", "西城区", "南城区")
DEMO_OUTER = ("东郊区", "北郊区", "西郊区", "南郊区")

# Name stems of the east-west (路) and north-south (街) streets; a street grid with more lines
# than stems numbers the next round (玉林二路, 玉林三路, …).
EAST_WEST_STEMS = (
    "人民", "蜀都", "红星", "玉林", "科华", "芳草", "紫荆", "锦城", "天府", "府青",
    "长顺", "青华", "浆洗", "草市", "东风", "玉龙", "文殊", "羊市", "光华", "蜀汉",
    "金沙", "清江", "抚琴", "营门口", "沙湾", "解放", "建设", "双林", "猛追湾", "望江",
    "新南", "致民", "桂溪", "盛和", "益州", "吉泰", "府城", "锦晖", "交子", "锦华",
)  # fmt: skip
NORTH_SOUTH_STEMS = (
    "春熙", "总府", "盐市口", "骡马市", "顺城", "太升", "草堂", "浣花", "琴台", "同仁",
    "将军", "少城", "奎星楼", "祠堂", "泡桐树", "实业", "东胜", "商业", "忠烈祠", "提督",
    "红照壁", "致强", "玉双", "水碾河", "槐树", "染房", "纱帽", "书院", "暑袜", "布后",
    "梨花", "大慈寺", "华兴", "和平", "新华", "永丰", "航空", "肖家河", "磨子桥", "九如",
)  # fmt: skip
SUFFIX = {Street.EAST_WEST: "路", Street.NORTH_SOUTH: "街"}
STEMS = {Street.EAST_WEST: EAST_WEST_STEMS, Street.NORTH_SOUTH: NORTH_SOUTH_STEMS}
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class StreetGrid:
    """The demo's street grid in local metres: lines every spacing_m, numbered by
    round(coordinate / spacing_m); house numbers start at the territory's west and south
    edges (start_xy)."""

    spacing_m: float
    start_xy: tuple[float, float]

    @classmethod
    def of(cls, layout: StreetLayout) -> StreetGrid:
        """The street grid of a demo layout: its spacing, and where house numbers start."""
        minx, miny, _, _ = layout.territory.bounds
        return cls(layout.spacing_m, (float(minx), float(miny)))


@dataclass(frozen=True)
class StreetPlace:
    """Where each of some points lies: its street (orientation and line) and house number."""

    street: npt.NDArray[np.int8]  # Street.EAST_WEST or Street.NORTH_SOUTH
    line: npt.NDArray[np.int64]  # round(across / spacing)
    number: npt.NDArray[np.int64]


def line_name(street: Street, line: int) -> str:
    """The name of a street line: its stem, a round numeral past the first round, 路 or 街.
    Lines are taken 0, -1, 1, -2, … from the centre, so the central streets get the plain
    stems."""
    stems = STEMS[street]
    order = 2 * line if line >= 0 else -2 * line - 1
    stem, round_ = stems[order % len(stems)], order // len(stems)
    numeral = "" if round_ == 0 else _numeral(round_ + 1)
    return f"{stem}{numeral}{SUFFIX[street]}"


def _numeral(value: int) -> str:
    """1..99 in Chinese numerals (二, 十一, 二十三)."""
    tens, ones = divmod(value, 10)
    if tens == 0:
        return NUMERALS[ones - 1]
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return f"{head}十{NUMERALS[ones - 1] if ones else ''}"


def street_places(grid: StreetGrid, xy: Coordinates) -> StreetPlace:
    """The nearest street line of each point, and its house number on it."""
    lines = np.round(xy / grid.spacing_m)
    off = np.abs(xy - lines * grid.spacing_m)
    east_west = off[:, 1] <= off[:, 0]  # nearer an east-west line (y = const)
    street = np.where(east_west, Street.EAST_WEST, Street.NORTH_SOUTH).astype(np.int8)
    line = np.where(east_west, lines[:, 1], lines[:, 0]).astype(np.int64)
    along = np.where(east_west, xy[:, 0] - grid.start_xy[0], xy[:, 1] - grid.start_xy[1])
    # north (east) of the line: odd numbers; south (west): even
    across = np.where(east_west, xy[:, 1], xy[:, 0]) - line * grid.spacing_m
    pair = np.floor(np.maximum(along, 0.0) / HOUSE_FRONTAGE_M).astype(np.int64)
    number = 2 * pair + np.where(across >= 0, 1, 2)
    return StreetPlace(street, line, number)


def district_index(xy: Coordinates, chengdu: bool) -> npt.NDArray[np.int64]:
    """The district of each point, as an index into district_names(chengdu): its sector
    around the centre, inner or outer."""
    sectors = len(CHENGDU_INNER if chengdu else DEMO_INNER)
    angle = np.mod(np.arctan2(xy[:, 1], xy[:, 0]) + np.pi / sectors, 2 * np.pi)
    sector = np.minimum((angle / (2 * np.pi) * sectors).astype(np.int64), sectors - 1)
    far = np.hypot(xy[:, 0], xy[:, 1]) > INNER_RADIUS_M
    return np.asarray(sector + np.where(far, sectors, 0), dtype=np.int64)


def district_names(chengdu: bool) -> tuple[str, ...]:
    """The district names, inner then outer: Chengdu's, or the demo city's (示范市)."""
    return CHENGDU_INNER + CHENGDU_OUTER if chengdu else DEMO_INNER + DEMO_OUTER


def compose_addresses(grid: StreetGrid, xy: Coordinates, chengdu: bool) -> list[str]:
    """One address per point: city, district, street and house number ("…玉林路12号").

    The distinct (district, street) heads and house numbers are composed once each; each
    address is then one concatenation of a head and a number."""
    place = street_places(grid, xy)
    district = district_index(xy, chengdu)
    keys = (place.line * 2 + place.street) * 16 + district  # (line, orientation, district)
    unique_keys, head_index = np.unique(keys, return_inverse=True)
    city, names = CHENGDU if chengdu else DEMO_CITY, district_names(chengdu)
    heads = [
        f"{city}{names[key % 16]}{line_name(Street((key >> 4) & 1), key >> 5)}"
        for key in unique_keys.tolist()
    ]
    unique_numbers, number_index = np.unique(place.number, return_inverse=True)
    numbers = [f"{number}号" for number in unique_numbers.tolist()]
    head_text = np.asarray(heads, dtype=object)[head_index.ravel()].tolist()
    number_text = np.asarray(numbers, dtype=object)[number_index.ravel()].tolist()
    return [head + number for head, number in zip(head_text, number_text, strict=True)]


_ADDRESS = re.compile(
    r"^(?P<city>\w+?市)(?P<district>\w+?区)(?P<street>\D+?[路街])(?P<number>\d+)号$"
)


def parse_address(address: str) -> tuple[str, str, str, int] | None:
    """(city, district, street, number) of an address composed here, or None."""
    match = _ADDRESS.match(address)
    if not match:
        return None
    return match["city"], match["district"], match["street"], int(match["number"])


def line_of_name(name: str, lines: range) -> tuple[Street, int] | None:
    """The street line named `name` among the line numbers `lines` (either orientation)."""
    for street in (Street.EAST_WEST, Street.NORTH_SOUTH):
        for line in lines:
            if line_name(street, line) == name:
                return street, line
    return None
