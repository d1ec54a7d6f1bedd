"""专项职业能力考核规范 publisher: validate specs, build the site, Word files and item banks."""

import warnings

__version__ = "0.1.0"

# jieba 0.42 (Chinese search segmentation) imports the deprecated pkg_resources;
# the warning is about jieba, not about anything a user can act on.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
