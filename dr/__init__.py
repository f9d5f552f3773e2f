"""Demand response: events, targeting, requests, M&V; OpenADR 2.0b VTN (issue 7)."""
