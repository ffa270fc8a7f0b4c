//! Which operations may be sent again after an **ambiguous** failure — the request was sent
//! and no valid answer came (timeout, reset, closed, garbage) — and what the session does for
//! those that may not.
//!
//! A failure *before* the request was sent (connect, TLS) or a clear error status from the
//! server is never ambiguous: the operation did not happen there, and any operation is tried
//! on the next server.
//!
//! | class | operations | after an ambiguous failure |
//! |---|---|---|
//! | [`Repeat::Free`] | Get, Get Attributes, Get Attribute List, Locate, Query, Discover Versions, Encrypt, Decrypt, Sign, Signature Verify, MAC, MAC Verify, Hash, RNG Retrieve, Validate, Check, Export | sent again to the next server |
//! | [`Repeat::Idempotent`] | Modify Attribute, Set Attribute | sent again (a second time leaves the same state) |
//! | [`Repeat::StateChange`] | Activate, Revoke, Destroy | the next attempt first asks Get Attributes(State); if the object is already in the target state (for Destroy: Destroyed, or gone), that is the result; otherwise the operation is sent |
//! | [`Repeat::Creates`] | Create, Register | never sent again blindly: with a Name on the new object, the next attempt first sends Locate(Object Type, Name); one match is taken as the result, none means create, several is [`NameNotUnique`](super::FailureKind::NameNotUnique); without a Name, the operation ends at once as [`OutcomeUnknown`](super::FailureKind::OutcomeUnknown) |
//! | [`Repeat::Never`] | everything else (Add/Delete Attribute, Re-key, Create Key Pair, Archive, Recover, Poll, Cancel, unknown operations, …) | ends at once as `OutcomeUnknown` |
//!
//! Kept connections ([`ClientConfig::keep_idle`](super::ClientConfig)) follow the same table:
//! a connection kept from an earlier operation serves an operation only if its first request
//! is [`Repeat::Free`] or [`Repeat::Idempotent`], because the server may have closed it while
//! it was idle, and then the request is sent again on a new connection (to the same server,
//! once, without counting a failed attempt). The other operations get a new connection, as
//! without reuse, so that an idle connection never makes their outcome unknown.
//!
//! Create/Register followed by Activate (the "register and activate in one session" of PSMDB):
//! Activate goes to the server that made the object, on the same connection. If the server
//! refuses it, the session Destroys the Pre-Active object (best effort) before failing over;
//! if that fails too, the object is reported as an [`Orphan`](super::Orphan). If the Activate
//! is ambiguous, the session reconnects once to that same server, asks the State, and
//! Activates (Pre-Active), accepts (Active), or cleans up as above. An object found by Name
//! after an ambiguous Create is treated the same way.

use crate::ttlv::Operation;

/// How an operation may be repeated after an ambiguous failure (see the module table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Repeat {
    /// Changes nothing on the server: send again anywhere.
    Free,
    /// Sets a value: sending it twice leaves the same state.
    Idempotent,
    /// Moves an object's State: check the State before sending again.
    StateChange,
    /// Makes a new object: find it by Name before making another.
    Creates,
    /// Cannot be repeated safely and cannot be checked: report the outcome as unknown.
    Never,
}

impl Repeat {
    /// The class of `op`.
    pub fn of(op: Operation) -> Repeat {
        match op {
            Operation::GET
            | Operation::GET_ATTRIBUTES
            | Operation::GET_ATTRIBUTE_LIST
            | Operation::LOCATE
            | Operation::QUERY
            | Operation::DISCOVER_VERSIONS
            | Operation::ENCRYPT
            | Operation::DECRYPT
            | Operation::SIGN
            | Operation::SIGNATURE_VERIFY
            | Operation::MAC
            | Operation::MAC_VERIFY
            | Operation::HASH
            | Operation::RNG_RETRIEVE
            | Operation::VALIDATE
            | Operation::CHECK
            | Operation::EXPORT => Repeat::Free,
            Operation::MODIFY_ATTRIBUTE | Operation::SET_ATTRIBUTE => Repeat::Idempotent,
            Operation::ACTIVATE | Operation::REVOKE | Operation::DESTROY => Repeat::StateChange,
            Operation::CREATE | Operation::REGISTER => Repeat::Creates,
            _ => Repeat::Never,
        }
    }

    /// True when the operation may simply be sent again.
    pub fn is_free(self) -> bool {
        matches!(self, Repeat::Free | Repeat::Idempotent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_repeat_classes_follow_the_table() {
        for op in [
            Operation::GET,
            Operation::GET_ATTRIBUTES,
            Operation::GET_ATTRIBUTE_LIST,
            Operation::LOCATE,
            Operation::QUERY,
            Operation::DISCOVER_VERSIONS,
            Operation::ENCRYPT,
            Operation::DECRYPT,
        ] {
            assert_eq!(Repeat::of(op), Repeat::Free, "{op}");
        }
        assert_eq!(Repeat::of(Operation::CREATE), Repeat::Creates);
        assert_eq!(Repeat::of(Operation::REGISTER), Repeat::Creates);
        for op in [Operation::ACTIVATE, Operation::REVOKE, Operation::DESTROY] {
            assert_eq!(Repeat::of(op), Repeat::StateChange, "{op}");
        }
        assert_eq!(Repeat::of(Operation::ADD_ATTRIBUTE), Repeat::Never);
        assert_eq!(Repeat::of(Operation::RE_KEY), Repeat::Never);
        assert_eq!(Repeat::of(Operation(0x7777)), Repeat::Never);
        assert!(Repeat::of(Operation::SET_ATTRIBUTE).is_free());
    }
}
