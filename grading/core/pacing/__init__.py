"""Pacing: interval and batch policies, fixture planning, outcomes and the one transition
table, named policy sets."""
