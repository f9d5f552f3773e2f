"""The grid's data: the demo's generator, the importers (CSV, pandapower, sales), the bulk load."""
