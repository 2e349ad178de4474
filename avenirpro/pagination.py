"""The list pages' paginator (web pages and API): the page is chosen on the ids, then fetched with its joins.

Django's paginator slices the queryset as it is: ``ORDER BY … LIMIT 50`` over the rows with their
``select_related`` joins and per-row subqueries. Once a scope holds thousands of rows (a counsellor's
3,300 students of 30 lycées), PostgreSQL joins every one of them before sorting — it hash-joined the
whole national ``lycees_division`` table (33,000 rows, 25 ms) to decorate 50 students. ``PaginatorParIds``
sorts and slices the ids alone (the joins and subqueries the ordering needs, no others), then fetches the
page's rows, with every join, annotation and prefetch of the queryset, by primary key.

The count comes with the ids: ``COUNT(*) OVER ()`` in the same query, so the scope is read once, where
Django's ``count()`` read it a second time (a counsellor's 3,300 students: 6.6 ms of PostgreSQL and a
query to compile, on every list). Past the last page no id comes back, and the count is asked alone, as
Django does. A queryset the window would miscount (``distinct()``, grouped rows, a union) is counted
apart. ``totaux`` (name → aggregate, ``Count("pk", filter=…)``) come the same way: the list's counters
(« 3 266 élèves, 2 104 familles informées ») read with its page, ``paginator.totaux``.
"""

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "_pagination_total"
# The largest OFFSET asked of the database: past it (``?page=499099960214130458624``) the number is not
# sent (an integer out of the database's range was a 500), the count answers that there is no such page.
DECALAGE_MAX = 2**31 - 1


def _compte_avec_les_ids(qs: QuerySet) -> bool:
    requete = qs.query
    return not (requete.distinct or requete.group_by is not None or requete.combinator)


class PaginatorParIds(Paginator):
    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, totaux=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self._totaux_demandes = dict(totaux or {})
        self.totaux: dict = {}

    def page(self, number):
        qs = self.object_list
        if not isinstance(qs, QuerySet) or qs._fields is not None:  # a list, or values(): Django's way
            return super().page(number)
        ids = None
        if "count" not in self.__dict__ and _compte_avec_les_ids(qs):
            ids = self._ids_et_compte(qs, number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if ids is None:
            ids = list(qs.values_list("pk", flat=True)[bottom:top]) if top > bottom else []
        else:
            ids = ids[: max(top - bottom, 0)]
        rang = {pk: i for i, pk in enumerate(ids)}
        lignes = sorted(qs.filter(pk__in=ids).order_by(), key=lambda o: rang[o.pk]) if ids else []
        if self._totaux_demandes and not self.totaux:  # not read with the ids: asked alone
            self.totaux = qs.order_by().aggregate(**self._totaux_demandes)
        return self._get_page(lignes, number, self)

    def _ids_et_compte(self, qs: QuerySet, number) -> list | None:
        """The requested page's ids (with room for the orphans), and the count set from the same query.
        None when the number is not a page, or when it lies past the last page (the count stays unknown:
        ``validate_number`` asks it)."""
        try:
            numero = int(number)
        except (TypeError, ValueError):
            return None
        bottom = (numero - 1) * self.per_page
        if numero < 1 or bottom > DECALAGE_MAX:  # a number no list reaches: Django's count says EmptyPage
            return None
        fenetres = {TOTAL: Window(Count("*"))}
        fenetres.update({f"{TOTAL}_{nom}": Window(expr) for nom, expr in self._totaux_demandes.items()})
        lignes = list(
            qs.annotate(**fenetres).values_list("pk", *fenetres)[
                bottom : bottom + self.per_page + self.orphans
            ]
        )
        if not lignes:
            if numero == 1:
                self.count = 0
            return None
        self.count = lignes[0][1]
        self.totaux = dict(zip(self._totaux_demandes, lignes[0][2:], strict=True))
        return [ligne[0] for ligne in lignes]

    def get_page(self, number):
        """Django's ``get_page`` (not a number: the first page; past the end: the last), without the count
        it asks first (Django's ``validate_number`` counts before it reads the number): the page's query
        brings it."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        try:
            return self.page(number)
        except EmptyPage:
            return self.page(self.num_pages)
