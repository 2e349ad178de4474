"""SQL expressions the grants share.

``Parmi(champ, sous_requete)``: « the field is one of the values the subquery returns ». On PostgreSQL it
is written ``champ = ANY(ARRAY(SELECT …))``: the subquery runs once (an InitPlan) and the condition stays
an index condition, also inside an OR. ``champ IN (SELECT …)`` would be planned as a semi-join when alone,
but inside an OR of two grants (the students a counsellor serves in phase 1 OR follows in AvenirPro+) it
becomes a filter evaluated on every row of the year: 140 ms for the national data set, instead of the
2 ms of two index scans combined by a BitmapOr. The SQL has the same length whatever the number of
values. Elsewhere (SQLite, the demo) it is the plain ``IN (SELECT …)``.
"""

from django.db.models import BooleanField, Expression, F, Subquery


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
        return f"{champ} = ANY(ARRAY{sous_requete})", params
