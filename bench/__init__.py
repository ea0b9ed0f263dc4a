"""`make bench`: see bench/run.py and the README section "Benchmark"."""
