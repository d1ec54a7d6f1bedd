"""专项职业能力考核规范 publisher: validate specs, build the site, Word files and item banks."""

__version__ = "0.1.0"
