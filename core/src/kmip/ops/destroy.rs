//! Destroy: `{Unique Identifier?}` → `{Unique Identifier}`.

super::uid_only!(DESTROY, DestroyRequest, DestroyResponse, "Destroy");
