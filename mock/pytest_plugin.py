"""pytest plugin entry point of the mock server (fixtures are added by the mock)."""
