"""Pages of the individual follow-up. Thin: reads through ``visible_to`` and ``get_*_for_user`` (404 for
outsiders), writes through parcours/services, every student shown noted in the access log."""
