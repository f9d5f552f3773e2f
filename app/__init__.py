"""GridOps Console: the JSON API, the Dash console and the gridops command line."""
