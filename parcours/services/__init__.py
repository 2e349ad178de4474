"""The rules of the individual follow-up, one function per workflow step (pages, API and tests call them):
``entretiens`` (interviews, notes, restitutions, référents), ``alertes``, ``permanences``, ``fin_annee``,
``rappels`` (the daily e-mails)."""
