"""The API's page numbers: ``?page=`` is a positive integer, as the schema says.

DRF reads ``request.query_params.get("page") or 1``, so ``?page=`` was answered as page 1 (200) although
the schema declares an integer; ``?page=abc`` answered a 404 « Page non valide ». A value that is not a
number is a bad request (400, in French); a number past the last page is still a 404 (no such page)."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from avenirpro.pagination import PaginatorParIds


def message_page() -> str:
    return "Le numéro de page doit être un entier positif (1, 2, 3…)."


class Pagination(PageNumberPagination):
    django_paginator_class = PaginatorParIds

    def get_page_number(self, request, paginator):
        valeur = request.query_params.get(self.page_query_param)
        if valeur is None:
            return 1
        if not (valeur.isascii() and valeur.isdigit() and int(valeur) >= 1):
            raise ValidationError({self.page_query_param: [message_page()]})
        return int(valeur)
