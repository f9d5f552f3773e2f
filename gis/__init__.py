"""The grid model in PostGIS: settings, connections, migrations, CRS and geometry checks."""
