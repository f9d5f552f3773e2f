-- Empty the grid and everything measured or done on it, before a new grid is loaded: CASCADE
-- empties the tables that refer to it (contacts, fault reports, incidents, crew jobs, appliance
-- sales); planned outages and notices name customers and transformers by id without a foreign
-- key, so they are listed here.
TRUNCATE grid_source, territory, substation, feeder, transformer, supply_area, customer, crew,
         load_reading, transformer_latest_load, weather_reading, planned_outage, notice
CASCADE
