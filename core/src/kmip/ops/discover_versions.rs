//! Discover Versions (1.1): the client lists the versions it speaks, in preference order (or
//! none, meaning "all you have"); the server answers with those it shares, in its own order,
//! or an empty payload when there are none (still Success).

use super::Payload;
use crate::kmip::codec::{self, Seq};
use crate::kmip::{Error, ProtocolVersion};
use crate::ttlv::{Encoder, Item, Operation, Sink, Tag};

/// Discover Versions request payload: `{Protocol Version*}`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DiscoverVersionsRequest<'a> {
    /// The versions the client offers, preferred first (empty: ask for all).
    pub protocol_versions: Seq<'a, ProtocolVersion>,
}

/// Discover Versions response payload: `{Protocol Version*}`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DiscoverVersionsResponse<'a> {
    /// The versions both sides speak, the server's preferred first.
    pub protocol_versions: Seq<'a, ProtocolVersion>,
}

fn decode_versions<'a>(p: Item<'a>, v: ProtocolVersion) -> Result<Seq<'a, ProtocolVersion>, Error> {
    let mut n = 0;
    for c in p.children() {
        if c.tag() == Tag::PROTOCOL_VERSION {
            codec::tally::<ProtocolVersion>(&mut n, c, v)?;
        }
    }
    Ok(Seq::from_wire(p, Some(Tag::PROTOCOL_VERSION), n, v))
}

impl<'a> Payload<'a> for DiscoverVersionsRequest<'a> {
    const OPERATION: Operation = Operation::DISCOVER_VERSIONS;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        Ok(DiscoverVersionsRequest {
            protocol_versions: decode_versions(p, v)?,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        self.protocol_versions.encode(Tag::PROTOCOL_VERSION, enc, v)
    }
}

impl<'a> Payload<'a> for DiscoverVersionsResponse<'a> {
    const OPERATION: Operation = Operation::DISCOVER_VERSIONS;
    fn decode(p: Item<'a>, v: ProtocolVersion) -> Result<Self, Error> {
        Ok(DiscoverVersionsResponse {
            protocol_versions: decode_versions(p, v)?,
        })
    }
    fn encode<S: Sink>(&self, enc: &mut Encoder<S>, v: ProtocolVersion) -> Result<(), Error> {
        self.protocol_versions.encode(Tag::PROTOCOL_VERSION, enc, v)
    }
}
