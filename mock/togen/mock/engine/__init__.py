"""The mock's generic engine: serves any OpenAPI document from its IR (routing, request
reading and validation, synthesized answers, in-memory CRUD, rate limits, `Prefer`).
Knows nothing of Together: its behaviours (`togen.mock.behaviours`) register here."""
