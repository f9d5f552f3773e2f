"""Answer models read from the domain's dataclasses.

A router whose answer is a domain dataclass does not retype it: `answer_model` takes the
fields and their types from the dataclass (its properties too), and the router adds only what
each field means to a reader of the OpenAPI document. Every field needs a description, and a
description must name a field: a field added to the dataclass fails at import until the API
says what it is (or excludes it). Nested dataclasses that have an answer model are answered
with it, so their descriptions reach the document too. Answers are validated from the
objects' attributes (pydantic's from_attributes), as FastAPI does with a returned dataclass.
"""

from __future__ import annotations

import dataclasses
import operator
import types
from collections.abc import Collection, Mapping
from functools import reduce
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

M = TypeVar("M", bound=BaseModel)

_ANSWERS: dict[type, type[BaseModel]] = {}


class Answer(BaseModel):
    """The base of answer models: read from attributes (dataclasses, properties)."""

    model_config = ConfigDict(from_attributes=True)


def answer_model(
    name: str,
    source: type,
    descriptions: Mapping[str, str],
    *,
    module: str,
    exclude: Collection[str] = (),
    add: Mapping[str, Any] | None = None,
    base: type[BaseModel] = Answer,
) -> type[BaseModel]:
    """The answer model `name` of dataclass `source`, its fields in the order of
    `descriptions`: the dataclass's fields but `exclude`, the properties named, and the
    fields of `add` (name: type, or (type, default or Field(...))) that the router composes
    itself."""
    if not dataclasses.is_dataclass(source):
        raise TypeError(f"{source!r} is not a dataclass")
    hints = get_type_hints(source)
    extra = dict(add or {})
    wanted = {f.name for f in dataclasses.fields(source)} - set(exclude) - set(base.model_fields)
    missing = wanted - set(descriptions)
    if missing:
        raise TypeError(f"{name}: no description for {', '.join(sorted(missing))}")
    fields: dict[str, Any] = {}
    for field_name, text in descriptions.items():
        if field_name in extra:
            kind, default = (
                extra[field_name]
                if isinstance(extra[field_name], tuple)
                else (
                    extra[field_name],
                    ...,
                )
            )
        elif field_name in wanted:
            kind, default = hints[field_name], ...
        elif isinstance(getattr(source, field_name, None), property):
            kind, default = get_type_hints(getattr(source, field_name).fget)["return"], ...
        else:
            raise TypeError(f"{name}: {field_name} is no field of {source.__name__}")
        fields[field_name] = (Annotated[_answer_type(kind), Field(description=text)], default)
    model = create_model(name, __base__=base, __module__=module, **fields)
    _ANSWERS[source] = model
    return model


def read(model: type[M], source: object, **more: Any) -> M:
    """`model` read from `source`'s attributes, with the values of `more` in their place."""
    return model.model_validate(
        {name: more[name] if name in more else getattr(source, name) for name in model.model_fields}
    )


def list_of(model: type[BaseModel]) -> Any:
    """`list[model]`, for a response_model (mypy takes no variable as a type)."""
    return types.GenericAlias(list, (model,))


def _answer_type(hint: Any) -> Any:
    """The hint with every dataclass that has an answer model replaced by that model."""
    if isinstance(hint, type) and hint in _ANSWERS:
        return _ANSWERS[hint]
    arguments = get_args(hint)
    if not arguments:
        return hint
    swapped = tuple(_answer_type(argument) for argument in arguments)
    if swapped == arguments:
        return hint
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return reduce(operator.or_, swapped)
    return origin[swapped]
