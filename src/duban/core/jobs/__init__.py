"""Background jobs on django-tasks: requesting one, running it under a lease, seeing it."""
