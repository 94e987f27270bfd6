"""Dates and follow-through: business days, cadence, proposed times, the plan and its calendar."""
