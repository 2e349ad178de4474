"""Compilers that check each query once compiled (its joins included): see ``avenirpro.scoping``."""

NOMS = ("SQLCompiler", "SQLInsertCompiler", "SQLDeleteCompiler", "SQLUpdateCompiler", "SQLAggregateCompiler")


def compilateurs_gardes(module) -> dict[str, type]:
    """Subclasses of ``module``'s compilers whose ``as_sql`` runs the personal-data guard."""
    from avenirpro.scoping import verifier_requete

    def garder(classe):
        def as_sql(self, *args, **kwargs):
            resultat = classe.as_sql(self, *args, **kwargs)
            sql = (
                resultat[0]
                if isinstance(resultat, tuple) and resultat and isinstance(resultat[0], str)
                else None
            )
            verifier_requete(self.query, sql, self.connection.ops.quote_name)
            return resultat

        return type(classe.__name__, (classe,), {"as_sql": as_sql, "__module__": classe.__module__})

    return {nom: garder(getattr(module, nom)) for nom in NOMS}
