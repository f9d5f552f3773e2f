-- What the grid tables hold now (one row).
INSERT INTO grid_source (kind, name, parameters) VALUES (%(kind)s, %(name)s, %(parameters)s)
