//! The crate's single error type.
//!
//! An [`Error`] means the input could not be read or is outside what the
//! solver can represent exactly. An instance that is well formed but has no
//! feasible flow is *not* an error: it is an [`crate::Outcome::Infeasible`]
//! with an explanation.

/// Everything that can go wrong before a flow problem can be solved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The text is not JSON, or not JSON of the documented shape.
    #[error("the instance is not in the expected format: {message}")]
    Format { message: String },

    /// A node's `id` is outside `0..=node_count - 1`.
    #[error("node entry {position}: id {id} is out of range (ids must be 0..={max})", max = .node_count.saturating_sub(1))]
    NodeIdOutOfRange {
        position: usize,
        id: i64,
        node_count: usize,
    },

    /// Two node entries have the same `id`.
    #[error("node entry {position}: id {id} is listed twice")]
    DuplicateNodeId { position: usize, id: i64 },

    /// An arc names an endpoint that is not a node.
    #[error("arc {arc}: `{end}` {id} is not a node id ({range})", range = node_range(*.node_count))]
    ArcEndpointNotANode {
        arc: usize,
        end: &'static str,
        id: i64,
        node_count: usize,
    },

    /// A capacity or lower bound is negative (flows in this format are
    /// directed: a reverse flow is a separate arc).
    #[error("arc {arc}: `{field}` is {value}, but it must not be negative")]
    NegativeBound {
        arc: usize,
        field: &'static str,
        value: i64,
    },

    /// A number exceeds [`crate::MAX_MAGNITUDE`], the largest value every JSON
    /// reader represents exactly.
    #[error("{location}: `{field}` is {value}, beyond the allowed magnitude {max}", max = crate::MAX_MAGNITUDE)]
    ValueTooLarge {
        location: String,
        field: &'static str,
        value: i64,
    },

    /// The network is larger than the solver's 32-bit indices can address.
    #[error("the network has {nodes} nodes and {arcs} arcs, more than the solver can index")]
    TooLarge { nodes: usize, arcs: usize },

    /// The product of the node count and the largest cost is too large for
    /// the solver's 64-bit potentials to stay exact.
    #[error("costs up to {max_abs_cost} on {nodes} nodes are too large to solve exactly; scale the costs down")]
    CostRangeTooLarge { max_abs_cost: i64, nodes: usize },

    /// Supplies or lower bounds add up to more flow than fits in 64 bits.
    #[error("the supplies and lower bounds add up to more flow than can be represented")]
    FlowRangeTooLarge,

    /// The optimal total cost does not fit in an `i64`.
    #[error("the optimal total cost {cost} does not fit in a 64-bit integer")]
    CostOverflow { cost: i128 },
}

fn node_range(node_count: usize) -> String {
    match node_count {
        0 => "the instance has no nodes".to_owned(),
        n => format!("0..={}", n - 1),
    }
}
