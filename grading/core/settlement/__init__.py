"""Settlement: market catalogue, quarter-unit lines, outcomes, player lookup, settle()."""
