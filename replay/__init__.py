"""Replay: regrade recorded matches and compare with expected grades."""
