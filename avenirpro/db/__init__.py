"""Our database backends: Django's PostgreSQL and SQLite backends, whose SQL compilers first check that a
query reading personal data has a portée (``avenirpro.scoping.verifier_requete``). Set by the settings
whatever DATABASE_URL says; nothing else differs from Django's. (Nothing is imported here: the backends
load before the apps.)"""
