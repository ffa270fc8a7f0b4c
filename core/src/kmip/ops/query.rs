//! Query: what the server supports. Every Query Function may be asked (the functions are an
//! open enumeration); the answers this layer types are the lists of operations, object types,
//! namespaces, attestation types and registration methods and the vendor string; the richer
//! answers (server, extension, RNG, profile, validation, capability, defaults information)
//! travel as [`RawStructure`]s.

use super::Payload;
use crate::kmip::codec::{self, put, RawStructure, Seq};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{
    AttestationType, ClientRegistrationMethod, Encoder, Item, ObjectType, Operation, QueryFunction,
    Sink, Tag,
};

/// Query request payload: `{Query Function*}`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct QueryRequest<'a> {
    /// Query Function*.
    pub query_functions: Seq<'a, QueryFunction>,
}

impl<'a> Payload<'a> for QueryRequest<'a> {
    const OPERATION: Operation = Operation::QUERY;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut n = 0;
        for c in p.children() {
            if c.tag() == Tag::QUERY_FUNCTION {
                codec::tally::<QueryFunction>(&mut n, c, v)?;
            }
        }
        Ok(QueryRequest {
            query_functions: Seq::from_wire(p, Some(Tag::QUERY_FUNCTION), n, v),
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        self.query_functions.encode(Tag::QUERY_FUNCTION, enc, v)
    }
}

/// Query response payload (1.4 Table 227 / 2.1 §6.1.37), in field order.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct QueryResponse<'a> {
    /// Operation*.
    pub operations: Seq<'a, Operation>,
    /// Object Type*.
    pub object_types: Seq<'a, ObjectType>,
    /// Vendor Identification.
    pub vendor_identification: Option<&'a str>,
    /// Server Information (vendor-specific content).
    pub server_information: Option<RawStructure<'a>>,
    /// Application Namespace*.
    pub application_namespaces: Seq<'a, &'a str>,
    /// Extension Information* (1.1).
    pub extension_information: Seq<'a, RawStructure<'a>>,
    /// Attestation Type* (1.2).
    pub attestation_types: Seq<'a, AttestationType>,
    /// RNG Parameters* (1.3).
    pub rng_parameters: Seq<'a, RawStructure<'a>>,
    /// Profile Information* (1.3).
    pub profile_information: Seq<'a, RawStructure<'a>>,
    /// Validation Information* (1.3).
    pub validation_information: Seq<'a, RawStructure<'a>>,
    /// Capability Information* (1.3).
    pub capability_information: Seq<'a, RawStructure<'a>>,
    /// Client Registration Method* (1.3).
    pub client_registration_methods: Seq<'a, ClientRegistrationMethod>,
    /// Defaults Information (2.0).
    pub defaults_information: Option<RawStructure<'a>>,
    /// Protection Storage Masks (2.0).
    pub protection_storage_masks: Option<RawStructure<'a>>,
}

impl<'a> Payload<'a> for QueryResponse<'a> {
    const OPERATION: Operation = Operation::QUERY;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        let mut r = QueryResponse::default();
        let mut n = [0usize; 10];
        for c in p.children() {
            match c.tag() {
                Tag::OPERATION => codec::tally::<Operation>(&mut n[0], c, v)?,
                Tag::OBJECT_TYPE => codec::tally::<ObjectType>(&mut n[1], c, v)?,
                Tag::VENDOR_IDENTIFICATION => {
                    put(&mut r.vendor_identification, &p, &c, codec::text(&c)?)?
                }
                Tag::SERVER_INFORMATION => {
                    put(&mut r.server_information, &p, &c, RawStructure::decode(c)?)?
                }
                Tag::APPLICATION_NAMESPACE => codec::tally_text(&mut n[2], &c)?,
                Tag::EXTENSION_INFORMATION => codec::tally::<RawStructure>(&mut n[3], c, v)?,
                Tag::ATTESTATION_TYPE => codec::tally::<AttestationType>(&mut n[4], c, v)?,
                Tag::RNG_PARAMETERS => codec::tally::<RawStructure>(&mut n[5], c, v)?,
                Tag::PROFILE_INFORMATION => codec::tally::<RawStructure>(&mut n[6], c, v)?,
                Tag::VALIDATION_INFORMATION => codec::tally::<RawStructure>(&mut n[7], c, v)?,
                Tag::CAPABILITY_INFORMATION => codec::tally::<RawStructure>(&mut n[8], c, v)?,
                Tag::CLIENT_REGISTRATION_METHOD => {
                    codec::tally::<ClientRegistrationMethod>(&mut n[9], c, v)?
                }
                Tag::DEFAULTS_INFORMATION => put(
                    &mut r.defaults_information,
                    &p,
                    &c,
                    RawStructure::decode(c)?,
                )?,
                Tag::PROTECTION_STORAGE_MASKS => put(
                    &mut r.protection_storage_masks,
                    &p,
                    &c,
                    RawStructure::decode(c)?,
                )?,
                _ => {}
            }
        }
        r.operations = Seq::from_wire(p, Some(Tag::OPERATION), n[0], v);
        r.object_types = Seq::from_wire(p, Some(Tag::OBJECT_TYPE), n[1], v);
        r.application_namespaces = Seq::from_wire(p, Some(Tag::APPLICATION_NAMESPACE), n[2], v);
        r.extension_information = Seq::from_wire(p, Some(Tag::EXTENSION_INFORMATION), n[3], v);
        r.attestation_types = Seq::from_wire(p, Some(Tag::ATTESTATION_TYPE), n[4], v);
        r.rng_parameters = Seq::from_wire(p, Some(Tag::RNG_PARAMETERS), n[5], v);
        r.profile_information = Seq::from_wire(p, Some(Tag::PROFILE_INFORMATION), n[6], v);
        r.validation_information = Seq::from_wire(p, Some(Tag::VALIDATION_INFORMATION), n[7], v);
        r.capability_information = Seq::from_wire(p, Some(Tag::CAPABILITY_INFORMATION), n[8], v);
        r.client_registration_methods =
            Seq::from_wire(p, Some(Tag::CLIENT_REGISTRATION_METHOD), n[9], v);
        Ok(r)
    }

    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        self.operations.encode(Tag::OPERATION, enc, v)?;
        self.object_types.encode(Tag::OBJECT_TYPE, enc, v)?;
        if let Some(s) = self.vendor_identification {
            enc.text(Tag::VENDOR_IDENTIFICATION, s)?;
        }
        if let Some(s) = &self.server_information {
            s.encode(Tag::SERVER_INFORMATION, enc)?;
        }
        self.application_namespaces
            .encode(Tag::APPLICATION_NAMESPACE, enc, v)?;
        let gated = |seq_len: usize, since, tag| {
            if seq_len > 0 {
                codec::gate(v, since, tag)
            } else {
                Ok(())
            }
        };
        gated(
            self.extension_information.len(),
            ProtocolVersion::V1_1,
            Tag::EXTENSION_INFORMATION,
        )?;
        self.extension_information
            .encode(Tag::EXTENSION_INFORMATION, enc, v)?;
        gated(
            self.attestation_types.len(),
            ProtocolVersion::V1_2,
            Tag::ATTESTATION_TYPE,
        )?;
        self.attestation_types
            .encode(Tag::ATTESTATION_TYPE, enc, v)?;
        for (seq, tag) in [
            (&self.rng_parameters, Tag::RNG_PARAMETERS),
            (&self.profile_information, Tag::PROFILE_INFORMATION),
            (&self.validation_information, Tag::VALIDATION_INFORMATION),
            (&self.capability_information, Tag::CAPABILITY_INFORMATION),
        ] {
            gated(seq.len(), ProtocolVersion::V1_3, tag)?;
            seq.encode(tag, enc, v)?;
        }
        gated(
            self.client_registration_methods.len(),
            ProtocolVersion::V1_3,
            Tag::CLIENT_REGISTRATION_METHOD,
        )?;
        self.client_registration_methods
            .encode(Tag::CLIENT_REGISTRATION_METHOD, enc, v)?;
        if let Some(s) = &self.defaults_information {
            codec::gate(v, ProtocolVersion::V2_0, Tag::DEFAULTS_INFORMATION)?;
            s.encode(Tag::DEFAULTS_INFORMATION, enc)?;
        }
        if let Some(s) = &self.protection_storage_masks {
            codec::gate(v, ProtocolVersion::V2_0, Tag::PROTECTION_STORAGE_MASKS)?;
            s.encode(Tag::PROTECTION_STORAGE_MASKS, enc)?;
        }
        Ok(())
    }
}
