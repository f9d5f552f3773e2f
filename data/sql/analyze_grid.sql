-- Fresh planner statistics after a load.
ANALYZE territory, substation, feeder, transformer, supply_area, customer, crew, load_reading,
        transformer_latest_load, weather_reading, appliance_sale
