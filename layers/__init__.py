"""The map's layers: their catalog, their features in a view as GeoJSON, finding a feature."""
