//! Primal network simplex on a network without lower bounds.
//!
//! The spanning tree basis is stored as parent pointers plus a preorder
//! "thread" (with its inverse), the last preorder descendant of every node and
//! node depths. A pivot re-hangs one subtree, so its cost is proportional to
//! the stem (the path that gets reversed) and the moved subtree, never to the
//! whole network.
//!
//! Every node starts attached to an artificial root by an artificial arc:
//! sources send their supply up at cost 0, sinks receive theirs down at a
//! "big M" cost larger than any simple path of real arcs. Artificial arcs are
//! never priced, so once one leaves the basis (with zero flow) it is gone for
//! good. At the optimum any flow still on artificial arcs is supply that no
//! path of real arcs can deliver: the real flow is then a maximum flow, which
//! is what the infeasibility analysis relies on.
//!
//! The entering arc is chosen by block search: arcs are scanned cyclically in
//! blocks of about sqrt(arc count), and the most violating arc of the first
//! block that has one enters. The leaving arc is the last blocking arc of the
//! cycle in flow direction, which keeps the tree strongly feasible and rules
//! out cycling on degenerate pivots.

const STATE_UPPER: i8 = -1;
const STATE_TREE: i8 = 0;
const STATE_LOWER: i8 = 1;
const NONE: u32 = u32::MAX;
const UNBOUNDED: i64 = i64::MAX;

/// A network whose arcs all have lower bound 0.
pub(crate) struct Network {
    pub supplies: Vec<i64>,
    pub source: Vec<u32>,
    pub target: Vec<u32>,
    pub capacity: Vec<i64>,
    pub cost: Vec<i64>,
    /// Larger than the cost of any simple path of real arcs.
    pub big_m: i64,
}

/// The optimal basis of the network with artificial arcs.
pub(crate) struct SimplexResult {
    /// Flow on every real arc, in input order.
    pub flow: Vec<i64>,
    /// Per node: supply that could not be sent (positive) or demand that
    /// could not be met (negative). All zero when the network is feasible.
    pub unrouted: Vec<i64>,
}

/// Where a stem node sat in the old tree, captured before the tree changes.
#[derive(Clone, Copy)]
struct StemNode {
    node: u32,
    rev_thread: u32,
    last: u32,
    after_last: u32,
}

struct Simplex {
    arc_count: usize,
    source: Vec<u32>,
    target: Vec<u32>,
    cost: Vec<i64>,
    capacity: Vec<i64>,
    flow: Vec<i64>,
    state: Vec<i8>,

    potential: Vec<i64>,
    parent: Vec<u32>,
    pred_arc: Vec<u32>,
    /// Whether `pred_arc` points from the node to its parent.
    pred_up: Vec<bool>,
    depth: Vec<u32>,
    thread: Vec<u32>,
    rev_thread: Vec<u32>,
    last: Vec<u32>,

    stem: Vec<StemNode>,
    block_size: usize,
    next_arc: usize,

    entering: usize,
    join: u32,
    u_in: u32,
    v_in: u32,
    u_out: u32,
    delta: i64,
}

pub(crate) fn solve(network: Network) -> SimplexResult {
    let mut simplex = Simplex::new(network);
    simplex.run();
    simplex.into_result()
}

impl Simplex {
    fn new(network: Network) -> Self {
        let Network {
            supplies,
            mut source,
            mut target,
            mut capacity,
            mut cost,
            big_m,
        } = network;
        let node_count = supplies.len();
        let arc_count = source.len();
        let all_arcs = arc_count + node_count;
        let root = node_count as u32;

        source.reserve_exact(node_count);
        target.reserve_exact(node_count);
        capacity.reserve_exact(node_count);
        cost.reserve_exact(node_count);
        let mut flow = vec![0; all_arcs];
        let mut state = vec![STATE_LOWER; arc_count];
        state.resize(all_arcs, STATE_TREE);

        let tree_nodes = node_count + 1;
        let mut potential = vec![0; tree_nodes];
        let mut parent = vec![root; tree_nodes];
        let mut pred_arc = vec![NONE; tree_nodes];
        let mut pred_up = vec![true; tree_nodes];
        let mut depth = vec![1; tree_nodes];
        let mut thread = vec![0; tree_nodes];
        let mut rev_thread = vec![0; tree_nodes];
        let mut last = vec![0; tree_nodes];

        for (node, &supply) in supplies.iter().enumerate() {
            let artificial = arc_count + node;
            let node = node as u32;
            pred_arc[node as usize] = artificial as u32;
            thread[node as usize] = node + 1;
            rev_thread[node as usize + 1] = node;
            last[node as usize] = node;
            capacity.push(UNBOUNDED);
            if supply >= 0 {
                source.push(node);
                target.push(root);
                cost.push(0);
                flow[artificial] = supply;
            } else {
                source.push(root);
                target.push(node);
                cost.push(big_m);
                flow[artificial] = -supply;
                pred_up[node as usize] = false;
                potential[node as usize] = big_m;
            }
        }
        let root_index = root as usize;
        parent[root_index] = NONE;
        depth[root_index] = 0;
        thread[root_index] = if node_count == 0 { root } else { 0 };
        rev_thread[0] = root;
        if node_count > 0 {
            rev_thread[root_index] = root - 1;
        }
        last[root_index] = if node_count == 0 { root } else { root - 1 };

        let block_size = ((arc_count as f64).sqrt().ceil() as usize).max(10);
        Self {
            arc_count,
            source,
            target,
            cost,
            capacity,
            flow,
            state,
            potential,
            parent,
            pred_arc,
            pred_up,
            depth,
            thread,
            rev_thread,
            last,
            stem: Vec::new(),
            block_size,
            next_arc: 0,
            entering: 0,
            join: NONE,
            u_in: NONE,
            v_in: NONE,
            u_out: NONE,
            delta: 0,
        }
    }

    fn run(&mut self) {
        while self.find_entering_arc() {
            self.find_join_node();
            let tree_changes = self.find_leaving_arc();
            self.change_flow(tree_changes);
            if tree_changes {
                self.update_tree();
            }
        }
    }

    fn into_result(self) -> SimplexResult {
        let node_count = self.parent.len() - 1;
        let mut flow = self.flow;
        let unrouted = (0..node_count)
            .map(|node| {
                let artificial = self.arc_count + node;
                if self.target[artificial] as usize == node_count {
                    flow[artificial]
                } else {
                    -flow[artificial]
                }
            })
            .collect();
        flow.truncate(self.arc_count);
        SimplexResult { flow, unrouted }
    }

    /// Block search over the real arcs. Returns false at optimality.
    fn find_entering_arc(&mut self) -> bool {
        let m = self.arc_count;
        let state = &self.state[..m];
        let cost = &self.cost[..m];
        let source = &self.source[..m];
        let target = &self.target[..m];
        let potential = &self.potential[..];

        let mut best_violation = 0i64;
        let mut best_arc = 0usize;
        let mut remaining_in_block = self.block_size;
        let start = self.next_arc;
        for range in [start..m, 0..start] {
            for arc in range {
                let reduced = cost[arc] + potential[source[arc] as usize] - potential[target[arc] as usize];
                let violation = i64::from(state[arc]) * reduced;
                if violation < best_violation {
                    best_violation = violation;
                    best_arc = arc;
                }
                remaining_in_block -= 1;
                if remaining_in_block == 0 {
                    if best_violation < 0 {
                        self.entering = best_arc;
                        self.next_arc = if arc + 1 == m { 0 } else { arc + 1 };
                        return true;
                    }
                    remaining_in_block = self.block_size;
                }
            }
        }
        if best_violation < 0 {
            self.entering = best_arc;
            return true;
        }
        false
    }

    fn find_join_node(&mut self) {
        let mut u = self.source[self.entering];
        let mut v = self.target[self.entering];
        while u != v {
            let (du, dv) = (self.depth[u as usize], self.depth[v as usize]);
            if du >= dv {
                u = self.parent[u as usize];
            }
            if dv >= du {
                v = self.parent[v as usize];
            }
        }
        self.join = u;
    }

    /// Finds the blocking arc and the flow change `delta`. Returns whether
    /// the tree changes (false when the entering arc itself blocks).
    fn find_leaving_arc(&mut self) -> bool {
        let entering = self.entering;
        // Flow runs join -> first -> (entering arc) -> second -> join.
        let (first, second) = if self.state[entering] == STATE_LOWER {
            (self.source[entering], self.target[entering])
        } else {
            (self.target[entering], self.source[entering])
        };
        let mut delta = self.capacity[entering];
        let mut blocking_side = 0u8;
        let mut blocking_node = NONE;

        // On the first side flow moves from parent to child; ties keep the
        // arc nearest `first`, which comes last in flow direction.
        let mut u = first;
        while u != self.join {
            let node = u as usize;
            let arc = self.pred_arc[node] as usize;
            let residual = if self.pred_up[node] {
                self.flow[arc]
            } else {
                self.capacity[arc] - self.flow[arc]
            };
            if residual < delta {
                delta = residual;
                blocking_node = u;
                blocking_side = 1;
            }
            u = self.parent[node];
        }
        // On the second side flow moves from child to parent; ties move the
        // choice towards the join, again the last in flow direction.
        let mut u = second;
        while u != self.join {
            let node = u as usize;
            let arc = self.pred_arc[node] as usize;
            let residual = if self.pred_up[node] {
                self.capacity[arc] - self.flow[arc]
            } else {
                self.flow[arc]
            };
            if residual <= delta {
                delta = residual;
                blocking_node = u;
                blocking_side = 2;
            }
            u = self.parent[node];
        }
        self.delta = delta;
        self.u_out = blocking_node;
        match blocking_side {
            1 => {
                self.u_in = first;
                self.v_in = second;
            }
            2 => {
                self.u_in = second;
                self.v_in = first;
            }
            _ => return false,
        }
        true
    }

    fn change_flow(&mut self, tree_changes: bool) {
        let entering = self.entering;
        if self.delta > 0 {
            let change = i64::from(self.state[entering]) * self.delta;
            self.flow[entering] += change;
            let mut u = self.source[entering];
            while u != self.join {
                let node = u as usize;
                let arc = self.pred_arc[node] as usize;
                self.flow[arc] += if self.pred_up[node] { -change } else { change };
                u = self.parent[node];
            }
            let mut u = self.target[entering];
            while u != self.join {
                let node = u as usize;
                let arc = self.pred_arc[node] as usize;
                self.flow[arc] += if self.pred_up[node] { change } else { -change };
                u = self.parent[node];
            }
        }
        if tree_changes {
            self.state[entering] = STATE_TREE;
            let leaving = self.pred_arc[self.u_out as usize] as usize;
            if leaving < self.arc_count {
                self.state[leaving] = if self.flow[leaving] == 0 {
                    STATE_LOWER
                } else {
                    STATE_UPPER
                };
            }
        } else {
            self.state[entering] = -self.state[entering];
        }
    }

    /// Removes the leaving arc, re-roots the cut-off subtree at `u_in` and
    /// hangs it below `v_in` through the entering arc.
    fn update_tree(&mut self) {
        let (u_in, v_in, u_out) = (self.u_in, self.v_in, self.u_out);
        let entering = self.entering;
        let reduced = self.cost[entering] + self.potential[self.source[entering] as usize]
            - self.potential[self.target[entering] as usize];
        let shift = if self.source[entering] == u_in {
            -reduced
        } else {
            reduced
        };

        // The stem u_in .. u_out, with the old thread positions it needs.
        self.stem.clear();
        let mut s = u_in;
        loop {
            let node = s as usize;
            let last = self.last[node];
            self.stem.push(StemNode {
                node: s,
                rev_thread: self.rev_thread[node],
                last,
                after_last: self.thread[last as usize],
            });
            if s == u_out {
                break;
            }
            s = self.parent[node];
        }

        // Cut the old subtree of u_out out of the thread.
        let top = self.stem[self.stem.len() - 1];
        self.link(top.rev_thread, top.after_last);
        let mut w = self.parent[u_out as usize];
        while w != NONE && self.last[w as usize] == top.last {
            self.last[w as usize] = top.rev_thread;
            w = self.parent[w as usize];
        }

        // New preorder of the re-rooted subtree: the subtree of u_in, then
        // for each further stem node the part of its old subtree that did
        // not contain the previous stem node (the part before it, then the
        // part after it).
        let mut sequence_end = self.stem[0].last;
        for i in 1..self.stem.len() {
            let previous = self.stem[i - 1];
            let current = self.stem[i];
            self.link(sequence_end, current.node);
            sequence_end = previous.rev_thread;
            if previous.last != current.last {
                self.link(sequence_end, previous.after_last);
                sequence_end = current.last;
            }
        }
        let after_v_in = self.thread[v_in as usize];
        self.link(v_in, u_in);
        self.link(sequence_end, after_v_in);

        // Reverse the stem's parent pointers and tree arcs.
        for i in (1..self.stem.len()).rev() {
            let node = self.stem[i].node as usize;
            let child = self.stem[i - 1].node as usize;
            self.pred_arc[node] = self.pred_arc[child];
            self.pred_up[node] = !self.pred_up[child];
            self.parent[node] = child as u32;
            self.last[node] = sequence_end;
        }
        let u_in_index = u_in as usize;
        self.parent[u_in_index] = v_in;
        self.pred_arc[u_in_index] = entering as u32;
        self.pred_up[u_in_index] = self.source[entering] == u_in;
        self.last[u_in_index] = sequence_end;

        let mut w = v_in;
        while w != NONE && self.last[w as usize] == v_in {
            self.last[w as usize] = sequence_end;
            w = self.parent[w as usize];
        }

        // The moved subtree is the only part whose potentials and depths
        // change; preorder visits parents before children.
        let mut node = u_in as usize;
        loop {
            self.potential[node] += shift;
            self.depth[node] = self.depth[self.parent[node] as usize] + 1;
            if node == sequence_end as usize {
                break;
            }
            node = self.thread[node] as usize;
        }
    }

    fn link(&mut self, before: u32, after: u32) {
        self.thread[before as usize] = after;
        self.rev_thread[after as usize] = before;
    }
}
