"""Browser tests: the app in headless Chromium."""
