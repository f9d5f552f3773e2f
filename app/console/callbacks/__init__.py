"""The console's callbacks, a module per page; each registers its own with `register(app)`."""
