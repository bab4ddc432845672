"""Taster placements: buddy shifts, volunteering, shadowing and insight days, with guardian
consent and safeguarding for under-18s."""
