"""FotMob match JSON (every shape since 2020) read into MatchFacts; pure."""
