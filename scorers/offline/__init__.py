"""Offline judges: no network, deterministic, tuned on the development data only."""
