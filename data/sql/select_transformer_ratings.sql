-- Every transformer's rating, to check readings against.
SELECT id, capacity_kva::float8 FROM transformer
