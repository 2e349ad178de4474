"""The national data set's dashboards (``seed_demo --scale national``): once the data set is written and
analysed, the aggregates of every kept scope (national, networks, régions), as the beat job
(``actualiser_tableaux_de_bord``, every 15 minutes) keeps them in production. Without them the pilots'
pages would say « en cours de calcul » until the first job ran."""

from avenirpro.demo_national import Contexte
from indicateurs.models import TableauDeBord
from indicateurs.services import actualiser_tableaux_de_bord


def apres_analyse(ctx: Contexte) -> None:
    with ctx.etape("indicateurs : tableaux de bord (agrégats de la tâche planifiée)"):
        n = actualiser_tableaux_de_bord(ctx.aujourd_hui)
        ctx.lignes[TableauDeBord._meta.db_table] = n
