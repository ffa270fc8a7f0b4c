//! Discover Versions and Query: what this server speaks and does.

use kmipkit_core::kmip::ops::{
    DiscoverVersionsRequest, DiscoverVersionsResponse, QueryRequest, QueryResponse,
};
use kmipkit_core::kmip::{ProtocolVersion, RawStructure, Seq};
use kmipkit_core::ttlv::{ObjectType, Operation, QueryFunction};

use super::{Ctx, Success};
use crate::server::engine::{SUPPORTED_VERSIONS, VENDOR_IDENTIFICATION};
use crate::server::fault::OpError;

/// The operations served in `v`.
pub(crate) fn operations(v: ProtocolVersion) -> Vec<Operation> {
    let mut ops = vec![
        Operation::CREATE,
        Operation::REGISTER,
        Operation::RE_KEY,
        Operation::LOCATE,
        Operation::GET,
        Operation::GET_ATTRIBUTES,
        Operation::GET_ATTRIBUTE_LIST,
        Operation::ADD_ATTRIBUTE,
        Operation::MODIFY_ATTRIBUTE,
        Operation::DELETE_ATTRIBUTE,
        Operation::ACTIVATE,
        Operation::REVOKE,
        Operation::DESTROY,
        Operation::QUERY,
    ];
    let at_least = |since: ProtocolVersion| v.is_v2() || v >= since;
    if at_least(ProtocolVersion::V1_1) {
        ops.push(Operation::DISCOVER_VERSIONS);
    }
    if at_least(ProtocolVersion::V1_2) {
        ops.push(Operation::ENCRYPT);
        ops.push(Operation::DECRYPT);
    }
    if v.is_v2() {
        ops.push(Operation::SET_ATTRIBUTE);
    }
    ops
}

impl Ctx<'_> {
    pub(super) fn discover_versions(
        &mut self,
        r: &DiscoverVersionsRequest<'_>,
    ) -> Result<Success, OpError> {
        let offered: Vec<ProtocolVersion> = r.protocol_versions.iter().collect();
        let answer: Vec<ProtocolVersion> = SUPPORTED_VERSIONS
            .iter()
            .copied()
            .filter(|s| offered.is_empty() || offered.contains(s))
            .collect();
        self.respond(&DiscoverVersionsResponse {
            protocol_versions: Seq::from_slice(&answer),
        })
    }

    pub(super) fn query(&mut self, r: &QueryRequest<'_>) -> Result<Success, OpError> {
        let functions: Vec<QueryFunction> = r.query_functions.iter().collect();
        let ops = operations(self.version);
        let objects = [ObjectType::SYMMETRIC_KEY, ObjectType::SECRET_DATA];
        let mut answer = QueryResponse::default();
        if functions.contains(&QueryFunction::QUERY_OPERATIONS) {
            answer.operations = Seq::from_slice(&ops);
        }
        if functions.contains(&QueryFunction::QUERY_OBJECTS) {
            answer.object_types = Seq::from_slice(&objects);
        }
        if functions.contains(&QueryFunction::QUERY_SERVER_INFORMATION) {
            answer.vendor_identification = Some(VENDOR_IDENTIFICATION);
            answer.server_information = Some(RawStructure::from_encoded_children(&[]));
        }
        self.respond(&answer)
    }
}
