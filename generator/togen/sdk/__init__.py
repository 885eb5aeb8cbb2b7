"""`sdk:PACKAGE`: an OpenAPI document derived from an installed Stainless-style SDK
(`togen.sdk.derive`), read like any other spec source (`togen.sdk.source`)."""
