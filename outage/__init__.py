"""Fault reports, outage inference, planned outages and crew jobs (issues 4 and 5)."""
