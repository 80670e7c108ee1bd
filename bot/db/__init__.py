"""Storage: typed SQLAlchemy models, repositories and the unit of work."""
