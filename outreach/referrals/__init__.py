"""Recommend a friend: personal links and QR codes, friend leads, fair rules and reward points."""
