"""Personal data of the students (issue 9, items 3–7): one mechanism each, that the apps register with.

- ``declarer(Model, finalite=…, champs={…}, eleves=…, anonymiser={…}, historique=True, …)`` next to the
  model (``registre``): the data inventory, the change history, the retention's anonymisation and the
  right-of-access export all read it;
- ``conservation.prolonger_si(fonction)``: an app keeps students longer (an AvenirPro+ enrolment);
- ``acces.exporteur(Model)(fonction)``: an app replaces the default export of its rows.
"""

from avenirpro.donnees.registre import ANNEE, ANONYME, VIDER, declarer

__all__ = ["ANNEE", "ANONYME", "VIDER", "declarer"]
