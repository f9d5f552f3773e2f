"""The console's pieces: layouts built from domain records, pure functions, no callbacks."""
