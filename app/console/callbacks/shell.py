"""Callbacks of the page shell: the language switch (default from the browser)."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from app.console.i18n import Language, text
from app.console.ids import ShellId


def register(app: Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="language"),
        Output(ShellId.LANGUAGE, "data"),
        Output(ShellId.LANGUAGE_SWITCH, "value"),
        Input(ShellId.LANGUAGE_SWITCH, "value"),
        State(ShellId.LANGUAGE, "data"),
    )

    @app.callback(Output(ShellId.TITLE, "children"), Input(ShellId.LANGUAGE, "data"))
    def title(lang: str | None) -> str:
        return text("app_title", Language.parse(lang))
