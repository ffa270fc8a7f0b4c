//! Typed KMIP 1.0–2.1 messages, both directions, for clients and servers. No I/O.
//!
//! Shaped like rustls `msgs/` or smoltcp `wire/`: the TTLV layer validates the bytes once and
//! hands out borrowing [`Item`](crate::ttlv::Item)s; each structure here is a small typed value
//! with `decode(item, version)` and `encode(&self, encoder, version)`, and every operation's
//! payloads implement [`ops::Payload`], so [`RequestMessage`] and [`ResponseMessage`] are
//! generic over operations.
//!
//! Rules this layer keeps:
//! * **The version is an argument**, never global state. A request carries it in its header;
//!   a response is decoded with the version the request was sent in ([`ResponseMessage::decode`]).
//! * **Dialects live in [`attributes`]**: 1.x Template-Attribute and Attribute Names, 2.x
//!   Attributes, native tags and Attribute References. Payload code asks it.
//! * **Lax where the field is lax**: unknown but well-formed fields are skipped (servers send
//!   1.4 fields in 1.0 answers, Vault adds Object Type to Register answers); field order in
//!   input is not assumed; a failed batch item may lack Operation and payload.
//! * **Strict where it matters**: a missing required field, a wrong TTLV type for a known
//!   field, a non-repeatable field twice and more batch items than the caller's capacity are
//!   [`Error`]s naming the field and the byte offset.
//! * **Sends only what the version defines**: a field newer than the message's version is
//!   refused with [`Error::NotInVersion`] rather than silently dropped. Operations are not
//!   gated (a 1.0 server answers Encrypt with Operation Not Supported, as in the PyKMIP
//!   captures); their fields are gated against the version that introduced the operation.
//! * **No allocation**: decoded values borrow from the input; repeated fields are [`Seq`]s,
//!   lazy views over the validated items with no capacity limit, or, for batch items, a
//!   `heapless::Vec` whose capacity is a const generic. With `alloc`, `Seq::to_vec`.

pub mod attributes;
pub mod batch;
pub(crate) mod codec;
mod error;
pub mod header;
pub mod message;
pub mod objects;
pub mod ops;
pub(crate) mod uid;
mod version;

pub use attributes::{
    ApplicationSpecificInformation, Attribute, AttributeList, AttributeReference, AttributeValue,
    CustomAttribute, Link, Name, RevocationReason, TemplateAttribute,
};
pub use batch::{Failure, MessageExtension, RequestBatchItem, ResponseBatchItem};
pub use codec::{Element, RawStructure, RawValue, Seq, SeqIter};
pub use error::{Error, Problem};
pub use header::{Authentication, Credential, Nonce, RequestHeader, ResponseHeader};
pub use message::{RequestMessage, ResponseMessage, DEFAULT_BATCH_CAPACITY};
pub use objects::{
    CryptographicParameters, KeyBlock, KeyInformation, KeyMaterial, KeyValue, KeyWrappingData,
    KeyWrappingSpecification, Object,
};
pub use ops::{Payload, RequestPayload, ResponsePayload};
pub use uid::Uid;
pub use version::{Dialect, ProtocolVersion};
