"""The frame every page shares: navigation, the home page, the sidebar's batch editor; its tables
and strings."""
