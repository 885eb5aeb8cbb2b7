"""One module per top-level resource; imported on first use."""
