"""The Dash console: the map and pages for dispatchers, planners, crews and the public."""
