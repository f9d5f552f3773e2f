"""Benchmarks of gridops at demo scale, each run as `python -m bench.<name>`."""
