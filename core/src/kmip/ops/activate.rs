//! Activate: `{Unique Identifier?}` → `{Unique Identifier}`.

super::uid_only!(ACTIVATE, ActivateRequest, ActivateResponse, "Activate");
