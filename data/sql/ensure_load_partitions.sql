-- Monthly load_reading partitions covering [from, to).
SELECT gridops_ensure_load_partitions(%(from_ts)s, %(to_ts)s)
