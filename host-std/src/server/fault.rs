//! Why an operation failed, and which Result Reason says so in each protocol version.
//!
//! KMIP 2.0 added precise reasons where 1.x had only a few general ones: a missing object is
//! Item Not Found in 1.x and Object Not Found in 2.x (BL-M-4-21), a lifecycle violation is
//! Permission Denied in 1.4 and Wrong Key Lifecycle State in 2.1 (SKLC-M-2/3). Operations name
//! the [`Fault`]; the version picks the reason.

use std::fmt;

use kmipkit_core::kmip::ProtocolVersion;
use kmipkit_core::ttlv::ResultReason;

/// What went wrong with one batch item, independent of the protocol version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// No such object.
    NotFound,
    /// The object was destroyed (its attributes remain, its key material is gone).
    Destroyed,
    /// Another client owns the object.
    PermissionDenied,
    /// The object's state does not allow the operation.
    WrongState,
    /// A field has a value this server cannot accept.
    InvalidField,
    /// A field the operation needs is absent.
    MissingData,
    /// The request (or this batch item) cannot be parsed.
    InvalidMessage,
    /// The server does not implement the operation (in this version).
    OperationNotSupported,
    /// The server does not implement a feature the request asks for.
    FeatureNotSupported,
    /// Decryption or authentication failed.
    CryptographicFailure,
    /// The key cannot be returned in the Key Format Type asked for.
    KeyFormatTypeNotSupported,
    /// Key compression was asked for.
    KeyCompressionTypeNotSupported,
    /// The attribute is set by the server only.
    ReadOnly,
    /// A second instance of a single-valued attribute.
    SingleValued,
    /// Set Attribute on a multi-valued attribute.
    MultiValued,
    /// The object has no such attribute.
    AttributeNotFound,
    /// The object has no such instance of the attribute.
    AttributeInstanceNotFound,
    /// Another object already has this Name.
    NonUniqueName,
    /// The key's Cryptographic Usage Mask does not allow the operation.
    IncompatibleUsageMask,
    /// Cryptographic Parameters that do not make sense (a tag length of 7, …).
    BadCryptographicParameters,
    /// Cryptographic Parameters this server does not implement (another mode, …).
    UnsupportedCryptographicParameters,
    /// Decrypt without an IV.
    MissingIv,
    /// An attribute this server does not know or keep.
    UnsupportedAttribute,
    /// An Object Type the operation does not apply to.
    InvalidObjectType,
    /// The response would exceed the client's Maximum Response Size.
    ResponseTooLarge,
    /// The server's object count or memory budget is reached.
    ServerLimit,
    /// The server could not complete the operation (storage failed, …).
    GeneralFailure,
}

impl Fault {
    /// The Result Reason for this fault in `version`.
    pub fn reason(self, version: ProtocolVersion) -> ResultReason {
        let v2 = version.is_v2();
        let pick = |v1: ResultReason, v2r: ResultReason| if v2 { v2r } else { v1 };
        match self {
            Fault::NotFound => pick(ResultReason::ITEM_NOT_FOUND, ResultReason::OBJECT_NOT_FOUND),
            Fault::Destroyed => pick(ResultReason::ITEM_NOT_FOUND, ResultReason::OBJECT_DESTROYED),
            Fault::PermissionDenied => ResultReason::PERMISSION_DENIED,
            Fault::WrongState => pick(
                ResultReason::PERMISSION_DENIED,
                ResultReason::WRONG_KEY_LIFECYCLE_STATE,
            ),
            Fault::InvalidField => ResultReason::INVALID_FIELD,
            Fault::MissingData => ResultReason::MISSING_DATA,
            Fault::InvalidMessage => ResultReason::INVALID_MESSAGE,
            Fault::OperationNotSupported => ResultReason::OPERATION_NOT_SUPPORTED,
            Fault::FeatureNotSupported => ResultReason::FEATURE_NOT_SUPPORTED,
            Fault::CryptographicFailure => ResultReason::CRYPTOGRAPHIC_FAILURE,
            Fault::KeyFormatTypeNotSupported => ResultReason::KEY_FORMAT_TYPE_NOT_SUPPORTED,
            Fault::KeyCompressionTypeNotSupported => {
                ResultReason::KEY_COMPRESSION_TYPE_NOT_SUPPORTED
            }
            Fault::ReadOnly => pick(
                ResultReason::PERMISSION_DENIED,
                ResultReason::ATTRIBUTE_READ_ONLY,
            ),
            Fault::SingleValued => pick(
                ResultReason::INVALID_FIELD,
                ResultReason::ATTRIBUTE_SINGLE_VALUED,
            ),
            Fault::MultiValued => pick(
                ResultReason::INVALID_FIELD,
                ResultReason::MULTI_VALUED_ATTRIBUTE,
            ),
            Fault::AttributeNotFound => pick(
                ResultReason::ITEM_NOT_FOUND,
                ResultReason::ATTRIBUTE_NOT_FOUND,
            ),
            Fault::AttributeInstanceNotFound => pick(
                ResultReason::INDEX_OUT_OF_BOUNDS,
                ResultReason::ATTRIBUTE_INSTANCE_NOT_FOUND,
            ),
            Fault::NonUniqueName => pick(
                ResultReason::INVALID_FIELD,
                ResultReason::NON_UNIQUE_NAME_ATTRIBUTE,
            ),
            Fault::IncompatibleUsageMask => pick(
                ResultReason::PERMISSION_DENIED,
                ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK,
            ),
            Fault::BadCryptographicParameters => pick(
                ResultReason::INVALID_FIELD,
                ResultReason::BAD_CRYPTOGRAPHIC_PARAMETERS,
            ),
            Fault::UnsupportedCryptographicParameters => pick(
                ResultReason::FEATURE_NOT_SUPPORTED,
                ResultReason::UNSUPPORTED_CRYPTOGRAPHIC_PARAMETERS,
            ),
            Fault::MissingIv => pick(
                ResultReason::MISSING_DATA,
                ResultReason::MISSING_INITIALIZATION_VECTOR,
            ),
            Fault::UnsupportedAttribute => pick(
                ResultReason::INVALID_FIELD,
                ResultReason::UNSUPPORTED_ATTRIBUTE,
            ),
            Fault::InvalidObjectType => pick(
                ResultReason::INVALID_FIELD,
                ResultReason::INVALID_OBJECT_TYPE,
            ),
            Fault::ResponseTooLarge => ResultReason::RESPONSE_TOO_LARGE,
            Fault::ServerLimit => pick(
                ResultReason::GENERAL_FAILURE,
                ResultReason::SERVER_LIMIT_EXCEEDED,
            ),
            Fault::GeneralFailure => ResultReason::GENERAL_FAILURE,
        }
    }
}

/// A failed batch item: the fault and a message for the client (the Result Message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpError {
    /// What went wrong.
    pub fault: Fault,
    /// Why, in words a person can act on ("object 7 is Active: revoke it before destroying it").
    pub message: String,
}

impl OpError {
    /// A failure with this fault and message.
    pub fn new(fault: Fault, message: impl Into<String>) -> Self {
        OpError {
            fault,
            message: message.into(),
        }
    }
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.fault, self.message)
    }
}

impl std::error::Error for OpError {}

/// Shorthand for `Err(OpError::new(fault, message))`.
pub(crate) fn fail<T>(fault: Fault, message: impl Into<String>) -> Result<T, OpError> {
    Err(OpError::new(fault, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_follow_the_version() {
        assert_eq!(
            Fault::NotFound.reason(ProtocolVersion::V1_4),
            ResultReason::ITEM_NOT_FOUND
        );
        assert_eq!(
            Fault::NotFound.reason(ProtocolVersion::V2_1),
            ResultReason::OBJECT_NOT_FOUND
        );
        assert_eq!(
            Fault::WrongState.reason(ProtocolVersion::V1_4),
            ResultReason::PERMISSION_DENIED
        );
        assert_eq!(
            Fault::WrongState.reason(ProtocolVersion::V2_0),
            ResultReason::WRONG_KEY_LIFECYCLE_STATE
        );
    }
}
