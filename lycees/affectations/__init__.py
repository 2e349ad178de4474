"""The FT/ML split: which operator (an agence France Travail or a mission locale) serves each lycée for a
school year, and with which counsellors. Its own services, forms, pages and API; the models live in
``lycees.models`` (``Affectation``), the rights in ``lycees.perms``."""
