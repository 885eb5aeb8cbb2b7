"""The shared core, below the spec layer and every product: errors and findings, the
input fingerprint, where the toolkit's data lives, loopback serving, server-sent events,
graph helpers, the JUnit writer. Imports nothing else of togen."""
