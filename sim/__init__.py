"""The SimPy testbench: the production scheduler, processor, grader and sync under virtual
time, with synthetic FotMob and Sheets edges (DESIGN.md). No policy lives here."""
