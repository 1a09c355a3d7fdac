"""The SimPy testbench: the production scheduler, processor, grader and sync under virtual
time, with synthetic FotMob and Sheets edges (docs/design.md). No policy lives here."""
