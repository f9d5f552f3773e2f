-- Empty the grid and everything measured on it, before a new grid is loaded. CASCADE also
-- empties the tables that refer to customers and crews (contacts, notices, planned-outage
-- customers): they belong to the grid being replaced.
TRUNCATE grid_source, territory, substation, feeder, transformer, supply_area, customer, crew,
         load_reading, transformer_latest_load, weather_reading
CASCADE
