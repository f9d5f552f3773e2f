"""The JSON API under /api/v1: a router per resource, by audience; errors as problem documents."""
