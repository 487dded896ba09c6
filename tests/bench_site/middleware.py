"""Counts the SQL queries a request makes, in the ``X-Bench-Queries`` response header, and names the worker
process that answered (``X-Bench-Worker``), so the benchmark can warm every worker up."""

import os

from django.db import connection

QUERIES_HEADER = "X-Bench-Queries"
WORKER_HEADER = "X-Bench-Worker"


class QueryCountMiddleware:
    """First in the chain: every query of the request (session, user, view, template) is counted.

    A streamed response's queries run after the header is sent; they are not in the count.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count)
        response[WORKER_HEADER] = str(os.getpid())
        return response
