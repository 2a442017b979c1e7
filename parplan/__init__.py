"""parplan: PAR Index improvement plans as YAML, checked exactly, rendered officially."""
__version__ = "0.1.0"
