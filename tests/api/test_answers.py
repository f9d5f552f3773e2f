"""Answer models read from the domain's dataclasses (app/api/answers.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.api.answers import answer_model, read


@dataclass(frozen=True)
class Leg:
    metres: float


@dataclass(frozen=True)
class Route:
    name: str
    legs: list[Leg]
    note: str | None = None

    @property
    def metres(self) -> float:
        return sum(leg.metres for leg in self.legs)


LegOut = answer_model("LegOut", Leg, {"metres": "its length, m"}, module=__name__)
RouteOut = answer_model(
    "RouteOut",
    Route,
    {
        "name": "the route",
        "metres": "all legs together, m",
        "legs": "its legs, in order",
        "checked": "whether someone looked",
    },
    module=__name__,
    exclude=("note",),
    add={"checked": (bool, False)},
)


def test_fields_types_and_descriptions_come_from_the_dataclass_and_the_router() -> None:
    """The fields are the dataclass's (in the order described), its named properties and
    the router's own; nested dataclasses are answered with their own answer model."""
    schema = RouteOut.model_json_schema()
    assert list(schema["properties"]) == ["name", "metres", "legs", "checked"]
    assert schema["required"] == ["name", "metres", "legs"]
    assert schema["properties"]["metres"] == {
        "description": "all legs together, m",
        "title": "Metres",
        "type": "number",
    }
    assert schema["$defs"]["LegOut"]["properties"]["metres"]["description"] == "its length, m"


def test_an_answer_reads_the_objects_attributes_with_the_routers_values() -> None:
    route = Route("north", [Leg(120.0), Leg(30.5)], note="kept out")
    answer = read(RouteOut, route, checked=True)
    assert answer.model_dump() == {
        "name": "north",
        "metres": 150.5,
        "legs": [{"metres": 120.0}, {"metres": 30.5}],
        "checked": True,
    }


def test_a_field_without_a_description_or_a_description_without_a_field_fails() -> None:
    """A field added to the dataclass fails at import until the API describes or excludes
    it; a description naming no field (a typo) fails too."""
    with pytest.raises(TypeError, match="no description for legs, note"):
        answer_model("Bad", Route, {"name": "the route"}, module=__name__)
    with pytest.raises(TypeError, match="lenght is no field of Leg"):
        answer_model("Bad", Leg, {"metres": "m", "lenght": "typo"}, module=__name__)
