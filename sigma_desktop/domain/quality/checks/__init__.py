"""One small pure function per kind of finding: facts (domain/quality/facts.py) and the shared context
in, findings out. storage/quality_queries.py reads the facts; services/quality.py pairs them."""
