"""Per request: the SQL queries run and the CPU time spent by the worker, as response headers."""

import time

from django.db import connection

ENTETE_REQUETES = "X-Bench-Requetes"
ENTETE_CPU = "X-Bench-Cpu-Ms"


class MesureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        compte = [0]

        def compter(execute, sql, params, many, context):
            compte[0] += 1
            return execute(sql, params, many, context)

        debut = time.process_time()
        with connection.execute_wrapper(compter):
            response = self.get_response(request)
        response[ENTETE_CPU] = f"{(time.process_time() - debut) * 1000:.2f}"
        response[ENTETE_REQUETES] = str(compte[0])
        return response
