"""The claim library: one module per topic. ``symcheck all`` discovers every
module-level :class:`symcheck.claims.Claim` in the ``*.py`` files here."""
