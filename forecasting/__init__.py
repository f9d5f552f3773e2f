"""Transformer load forecasts driven by appliance sales (issue 6)."""
