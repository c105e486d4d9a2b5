"""What the OpenAPI document says beyond the success answer: the error bodies every router can answer,
and the limits of the fields clients write, read from the models the services check them against."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model
from ninja import Field, Router, Schema
from ninja.constants import NOT_SET
from pydantic import GetJsonSchemaHandler

from hoptac.core.dates import DATE_PATTERN
from hoptac.core.validation import decimal_bound, integer_range


class BadRequestOut(Schema):
    """A request that cannot be read (400): a body that is not JSON, or a NUL character anywhere in it."""

    detail: str | dict[str, list[str]]


class MessageOut(Schema):
    """A refusal that says why: not signed in (401), not allowed (403), no such record (404), too large (413)."""

    detail: str = Field(..., description="what went wrong and what to do, in the request's language")


class FieldErrorsOut(Schema):
    """Input to fix (422): each field path (parties[1].place, or __all__) with its messages."""

    detail: dict[str, list[str]] = Field(..., examples=[{"parties[1].place": ["unknown place code 'XX-1'"]}])


class ConflictOut(Schema):
    """The record changed since the version the change was made from (409): read it again, then retry."""

    detail: dict[str, list[str]] = Field(..., examples=[{"version": ["this record has changed since …"]}])
    current_version: str = Field(..., description="the record's version now (blank when it was deleted)")


UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
WITH_BODY = {"POST", "PUT", "PATCH"}


def error_responses(
    path: str, methods: Iterable[str], view: Callable[..., Any], versioned: bool
) -> dict[int, Any]:
    """The errors an operation can answer, from what it is: any request can be unreadable (400) and
    every operation needs a sign-in (401); a
    change can be refused (403) and can carry a body too large (413); a path naming a record can miss
    (404); a versioned record's PUT/PATCH/DELETE can be stale (409); parameters or a body can be wrong (422)."""
    methods = {m.upper() for m in methods}
    takes_input = len(inspect.signature(view).parameters) > 1  # more than the request
    errors: dict[int, Any] = {400: BadRequestOut, 401: MessageOut}
    if methods & UNSAFE:
        errors[403] = MessageOut
    if "{" in path:
        errors[404] = MessageOut
    if versioned and "{" in path and methods & {"PUT", "PATCH", "DELETE"}:
        errors[409] = ConflictOut
    if methods & WITH_BODY:
        errors[413] = MessageOut
    if takes_input:
        errors[422] = FieldErrorsOut
    return errors


class RegistryRouter(Router):
    """A Router whose every operation lists the errors it can answer, with their bodies.

    `versioned`: its records carry a version, so their changes can be refused as stale (409)."""

    def __init__(self, *, versioned: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.versioned = versioned

    def add_api_operation(
        self,
        path: str,
        methods: list[str],
        view_func: Callable[..., Any],
        *,
        response: Any = NOT_SET,
        **kwargs: Any,
    ) -> None:
        answers = response if isinstance(response, dict) else {200: response}
        errors = error_responses(path, methods, view_func, self.versioned)
        # With several statuses ninja no longer assumes the only one: a view answering 201 or 204 returns
        # its status itself (they all do).
        super().add_api_operation(path, methods, view_func, response={**answers, **errors}, **kwargs)


class SchemaExtra:
    """Annotated[str, SchemaExtra({...})]: JSON Schema keywords added to a type's schema, documenting
    a limit the service enforces (with its own message). Kept on the type, not on Field(), so ninja's
    PatchDict (which re-declares required fields as optional without their Field) keeps them too."""

    def __init__(self, extra: dict[str, Any]) -> None:
        self.extra = extra

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> Any:
        schema = handler(core_schema)
        schema.update(self.extra)
        return schema

    def __repr__(self) -> str:
        return f"SchemaExtra({self.extra!r})"


SCHEMA_KEYS = ("minimum", "maximum", "pattern")


def limits(model: type[Model], name: str, *, nullable: bool = False, **extra: Any) -> SchemaExtra:
    """A model field's limits as the services enforce them: the maximum length, the allowed codes of a
    choices field ("" too when it may be blank), the range of an integer or decimal column; `extra`
    adds the service's own (minimum, maximum, pattern). Documented, not enforced here: the service gives
    the one message for each."""
    field = model._meta.get_field(name)
    schema: dict[str, Any] = {}
    max_length = getattr(field, "max_length", None)
    choices = getattr(field, "choices", None)
    if choices:
        codes: list[Any] = [code for code, _label in choices]
        if getattr(field, "blank", False):
            codes.append("")
        if nullable:
            codes.append(None)
        schema["enum"] = codes
    elif max_length:
        schema["maxLength"] = max_length
    bound = decimal_bound(field) if field.get_internal_type() == "DecimalField" else None
    if bound is not None:
        schema.update(exclusiveMinimum=-int(bound), exclusiveMaximum=int(bound))
    elif field.get_internal_type().endswith("IntegerField"):
        low_high = integer_range(field)
        if low_high is not None:
            schema.update(minimum=low_high[0], maximum=low_high[1])
    schema.update({key: value for key, value in extra.items() if key in SCHEMA_KEYS})
    return SchemaExtra(schema)


def date_text() -> SchemaExtra:
    """A partial date: ISO ("2024", "2024-12", "2024-12-04", "--12-28") or as officers write it
    (4/12/2024, 12/2024, 28/12); blank or null means unknown."""
    return SchemaExtra({"pattern": DATE_PATTERN})
