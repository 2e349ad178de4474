"""The list pages' paginator (web pages and API): the page is chosen on the ids, then fetched with its joins.

Django's paginator slices the queryset as it is: ``ORDER BY … LIMIT 50`` over the rows with their
``select_related`` joins and per-row subqueries. Once a scope holds thousands of rows (a counsellor's
3,300 students of 30 lycées), PostgreSQL joins every one of them before sorting — it hash-joined the
whole national ``lycees_division`` table (33,000 rows, 25 ms) to decorate 50 students. ``PaginatorParIds``
sorts and slices the ids alone (the joins and subqueries the ordering needs, no others), then fetches the
page's rows, with every join, annotation and prefetch of the queryset, by primary key: one query more,
whose cost no longer grows with the scope. The count is Django's (``count()`` on the bare queryset).
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class PaginatorParIds(Paginator):
    def page(self, number):
        qs = self.object_list
        if not isinstance(qs, QuerySet) or qs._fields is not None:  # a list, or values(): Django's way
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(qs.values_list("pk", flat=True)[bottom:top]) if top > bottom else []
        rang = {pk: i for i, pk in enumerate(ids)}
        lignes = sorted(qs.filter(pk__in=ids).order_by(), key=lambda o: rang[o.pk]) if ids else []
        return self._get_page(lignes, number, self)
