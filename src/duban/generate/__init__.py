"""`duban generate`: a seeded national-scale data set for benchmarks and evaluation.

The entry point is commands.generate_command; run.generate does the work (docs/generate.md).
This file imports none of the modules beside it.
"""
