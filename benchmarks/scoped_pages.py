"""p50/p95, queries and size of the scoped pages for the generated bench logins (issue 17's
national user, city office and department). Usage, after `duban generate`:

    DATABASE_URL=postgres://… PYTHONPATH=src python benchmarks/scoped_pages.py [runs]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from duban.inspections.models import Problem  # noqa: E402

LOGINS = ["bench_national", "bench_city", "bench_dept"]


def main(runs: int) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    problem = Problem.objects.filter(region__code__startswith="4302").order_by("-pk").first()
    assert problem is not None, "no problems in 株洲: run duban generate first"
    pages = {
        "home": "/",
        "problems": "/problems/",
        "tasks": "/tasks/",
        "problem": f"/problems/{problem.code}/",
        "signals": "/signals/",
        "statistics": "/statistics/",
    }
    for login in LOGINS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=login))
        for name, url in pages.items():
            client.get(url)  # warm up
            times = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(
                f"{login:15} {name:11} p50 {statistics.median(times):7.1f} ms"
                f"  p95 {p95:7.1f} ms  {len(queries):3} queries"
                f"  {len(response.content) / 1024:7.1f} KB  {response.status_code}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
