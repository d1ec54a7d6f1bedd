"""Item-bank scaffolding (confidential; never published)."""
