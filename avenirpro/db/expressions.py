"""SQL expressions the grants share.

``Parmi(champ, sous_requete)``: « the field is one of the values the subquery returns ». On PostgreSQL it
is written ``champ = ANY(ARRAY(SELECT …))``: the subquery runs once (an InitPlan) and the condition stays
an index condition, also inside an OR. ``champ IN (SELECT …)`` would be planned as a semi-join when alone,
but inside an OR of two grants (the students a counsellor serves in phase 1 OR follows in AvenirPro+) it
becomes a filter evaluated on every row of the year: 142 ms on the national data set, against 11 ms for
two index scans combined by a BitmapOr. The SQL has the same length whatever the number of
values. Elsewhere (SQLite, the demo) it is the plain ``IN (SELECT …)``.

``ParmiValeurs(champ, valeurs)``: the same, for values a grant already looked up once per request (the
lycées a counsellor is named on), given as one bound array: no subquery to compile nor to plan.
"""

import contextlib
import contextvars
import json
from collections.abc import Iterable, Iterator

from django.db.models import BooleanField, Expression, F, Subquery

_en_filtre = contextvars.ContextVar("parmi_en_filtre", default=False)


@contextlib.contextmanager
def parmi_en_filtre() -> Iterator[None]:
    """Inside the block, ``Parmi`` is written ``(champ + 0) = ANY(…)`` (integer keys): PostgreSQL tests it
    on each row instead of using an index. For counts already narrowed by a join (a scope's lycées and
    years), where a BitmapOr of the grants, redone for each lycée of the join, costs more than testing
    the few thousand rows the join gives: a counsellor's operator beneficiaries, 50 → 24 ms."""
    jeton = _en_filtre.set(True)
    try:
        yield
    finally:
        _en_filtre.reset(jeton)


class Parmi(Expression):
    conditional = True
    output_field = BooleanField()

    def __init__(self, champ: str, sous_requete):
        super().__init__()
        self.champ = F(champ) if isinstance(champ, str) else champ
        self.sous_requete = Subquery(sous_requete.order_by())  # no ORDER BY (nor its joins) in a set

    def get_source_expressions(self):
        return [self.champ, self.sous_requete]

    def set_source_expressions(self, exprs):
        self.champ, self.sous_requete = exprs

    def _compiler(self, compiler, connection):
        champ, params_champ = compiler.compile(self.champ)
        sous_requete, params_sous = compiler.compile(self.sous_requete)  # « (SELECT …) »
        return champ, sous_requete, (*params_champ, *params_sous)

    def as_sql(self, compiler, connection):
        champ, sous_requete, params = self._compiler(compiler, connection)
        return f"{champ} IN {sous_requete}", params

    def as_postgresql(self, compiler, connection):
        champ, sous_requete, params = self._compiler(compiler, connection)
        if _en_filtre.get():
            champ = f"({champ} + 0)"
        return f"{champ} = ANY(ARRAY{sous_requete})", params


class ParmiValeurs(Expression):
    """« The field is one of these integers », given as ONE bound parameter: ``champ = ANY(%s)`` (an
    array) on PostgreSQL, ``champ IN (SELECT value FROM json_each(%s))`` elsewhere. The SQL has the same
    text whatever the number of values, and neither Python nor the planner has a subquery to compile:
    for facts a grant already looked up once per request (the lycées a counsellor is named on)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, champ: str, valeurs: Iterable[int]):
        super().__init__()
        self.champ = F(champ) if isinstance(champ, str) else champ
        self.valeurs = sorted({int(v) for v in valeurs})

    def get_source_expressions(self):
        return [self.champ]

    def set_source_expressions(self, exprs):
        (self.champ,) = exprs

    def as_sql(self, compiler, connection):
        champ, params = compiler.compile(self.champ)
        # The values are one bound parameter (a JSON array), never text of the query.
        sql = f"{champ} IN (SELECT value FROM json_each(%s))"  # noqa: S608
        return sql, (*params, json.dumps(self.valeurs))

    def as_postgresql(self, compiler, connection):
        champ, params = compiler.compile(self.champ)
        if _en_filtre.get():
            champ = f"({champ} + 0)"
        return f"{champ} = ANY(%s::bigint[])", (*params, self.valeurs)
