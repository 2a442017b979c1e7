"""Importers: an existing Word or Excel appendix -> a plan YAML."""
