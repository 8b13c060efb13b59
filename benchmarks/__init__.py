"""`make bench`: the national data set measured page by page and job by job (run.py)."""
