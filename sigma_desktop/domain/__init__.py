"""Pure domain: enums, value objects, rules and catalogues. Imports neither Qt nor SQLAlchemy."""
