"""Loops: the grading and sync passes, the per-bot scheduler with its step functions, the
thread driver and the one wiring shared by the daemon and the simulation. They take ``now``;
they never read a clock."""
