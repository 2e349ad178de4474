"""The grants of this app's models (see avenirpro.access): none yet, the app has no personal data."""
