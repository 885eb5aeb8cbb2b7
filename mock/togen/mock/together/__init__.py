"""What the mock knows of Together's API beyond its spec, for the behaviours: chat input,
function calling, structured outputs, the Responses API and its stream, seeded text,
small media files, the model catalog, the 400s of the API's request rules."""
