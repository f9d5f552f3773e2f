-- A run starts: recorded at once, so a failed run is still on the record.
INSERT INTO forecast_run (kind, model, parameters, data_cutoff)
VALUES (%(kind)s, %(model)s, %(parameters)s, %(data_cutoff)s)
RETURNING id
