-- Room for the measurement's sorts and hashes (this transaction only).
SET LOCAL work_mem = '128MB'
