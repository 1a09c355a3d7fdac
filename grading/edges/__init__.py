"""Edges: the project's contact with the world (FotMob over HTTP, recorded payloads, MongoDB,
SQLite, memory, Google Sheets, CSV, clocks, files). Each implements a port of grading.ports."""
