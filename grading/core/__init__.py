"""The pure core: facts, alerts, settlement, FotMob parsing, pacing. No I/O, no clock reads,
no threads (docs/design.md, "Layers"); every function takes ``now`` and a random source as
arguments where it needs them."""
