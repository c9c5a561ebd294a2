package literals

import (
	"fmt"
	"unsafe"
)

// The automata of a large pack's patterns and triggers take 6 to 24 MB as
// full tables (a row of every byte class for each of up to 70,000 nodes).
// A scan comes to them after the rest of the pipeline has pushed them out
// of the processor's caches, and a step to a deep node then cost a miss to
// memory: scanning was a tenth of the pipeline at some 50 ns a byte, where
// a table in cache takes 3. A node past the first few dozen has one or two
// children, and steps elsewhere as its failure node does; so only the
// shallowest nodes keep full rows, and the others keep what differs from
// their failure node's row. The sparse nodes of the largest automaton take
// under 1 MB, and a scan touches few of their cache lines. A built
// automaton keeps its full rows, unread; the cache file leaves them out
// (some 35 MB a pack), so that a short command reads 4 MB of automata.

// denseBytes bounds the full rows an automaton steps through once it is
// compact: the rows of the nodes numbered first (breadth first, so the
// shallowest). Of 16, 64 and 256 KB, the pipeline spent least in scans
// with 16.
const denseBytes = 16 << 10

// sparseNode is a node without a full row: its step on a byte class is
// that of its own edge for the class, or else that of node fail.
type sparseNode struct {
	fail  int32 // a node numbered before it
	start int32 // its edges are edges[start:the next node's start]
}

// compact keeps full rows for the first nodes only, as many as fit in
// denseBytes, and turns the others into sparse nodes. It changes no step:
// a sparse node's edges are the classes whose step differs from that of
// the node it falls back to (any node numbered before it would be correct;
// its failure node leaves the fewest). A small automaton stays whole.
func (a *automaton) compact() {
	a.compactTo(denseBytes)
}

// compactTo is compact with full rows of at most limit bytes (at least
// the root's).
func (a *automaton) compactTo(limit int) {
	nodes := a.nodes()
	a.dense = int32(nodes)
	a.sparse, a.edges = nil, nil
	rowBytes := 4 * a.classes
	// Steps are kept in an edge with its class in 8 bits, so they must fit
	// in 24 bits with their sign.
	if len(a.delta)*4 <= limit || nodes >= 1<<22 {
		return
	}
	dense := max(1, limit/rowBytes)
	fail := a.failures()
	a.sparse = make([]sparseNode, 0, nodes-dense+1)
	a.edges = make([]int32, 0, nodes-dense)
	for n := dense; n < nodes; n++ {
		f := fail[n]
		a.sparse = append(a.sparse, sparseNode{fail: f, start: int32(len(a.edges))})
		row := a.delta[n*a.classes : (n+1)*a.classes]
		frow := a.delta[int(f)*a.classes : int(f+1)*a.classes]
		for c, m := range row {
			if m != frow[c] {
				a.edges = append(a.edges, int32(c)|m<<8)
			}
		}
	}
	a.sparse = append(a.sparse, sparseNode{start: int32(len(a.edges))})
	a.dense = int32(dense)
}

// failures finds each node's failure node from the full table alone (an
// automaton read from the cache has no other): nodes are numbered breadth
// first, so when node n's row is read every node as shallow as n has been
// reached, and a step to a node not reached yet is an edge of the trie,
// whose failure node is the step from n's failure node on the same class.
// A node this does not place (a table numbered otherwise) falls back to
// the root, which is slower but as exact.
func (a *automaton) failures() []int32 {
	nodes := a.nodes()
	fail := make([]int32, nodes)
	reached := make([]bool, nodes)
	reached[0] = true
	for n := 0; n < nodes; n++ {
		row := a.delta[n*a.classes : (n+1)*a.classes]
		frow := a.delta[int(fail[n])*a.classes : int(fail[n]+1)*a.classes]
		for c, m := range row {
			m = unmark(m)
			if reached[m] {
				continue
			}
			reached[m] = true
			if f := unmark(frow[c]); n > 0 && f < m {
				fail[m] = f
			}
		}
	}
	return fail
}

// unmark is the node of a step, stored complemented where literals end.
func unmark(m int32) int32 {
	if m < 0 {
		return ^m
	}
	return m
}

// sparseNext is next from a sparse node: its edge for class c, or the
// step of the node it falls back to.
func (a *automaton) sparseNext(n int32, c uint8) int32 {
	for n >= a.dense {
		i := n - a.dense
		for _, e := range a.edges[a.sparse[i].start:a.sparse[i+1].start] {
			if uint8(e) == c {
				return e >> 8
			}
		}
		n = a.sparse[i].fail
	}
	return a.delta[int(n)*a.classes+int(c)]
}

// marked returns the node of step m and whether literals end there.
func marked(m int32) (int32, bool) {
	if m < 0 {
		return ^m, true
	}
	return m, false
}

// maxNodes is more nodes than an automaton has: one not compact yet has
// only full rows.
const maxNodes = 1<<31 - 1

// sparseTable is t, pairs of a failure node and a first edge, as sparse
// nodes, in place.
func sparseTable(t []int32) []sparseNode {
	if len(t) < 2 {
		return nil
	}
	return unsafe.Slice((*sparseNode)(unsafe.Pointer(unsafe.SliceData(t))), len(t)/2)
}

// checkSparse reports a compact form that would lead a scan outside the
// tables, as a damaged file's might: every node numbered from dense on is
// sparse, falls back to a node numbered before it, and has its edges
// within the table, in order; every edge's step leads to a node.
func (a *automaton) checkSparse() error {
	nodes := a.nodes()
	switch {
	case a.dense < 1 || int(a.dense) > nodes:
		return fmt.Errorf("%d dense nodes of %d", a.dense, nodes)
	case a.sparse == nil && int(a.dense) == nodes && len(a.edges) == 0:
		return nil
	case len(a.sparse) != nodes-int(a.dense)+1:
		return fmt.Errorf("%d sparse nodes for %d past %d", len(a.sparse)-1, nodes, a.dense)
	}
	prev := int32(0)
	for i, s := range a.sparse {
		if s.start < prev || int(s.start) > len(a.edges) || i < len(a.sparse)-1 && (s.fail < 0 || s.fail >= a.dense+int32(i)) {
			return fmt.Errorf("sparse node %d falls back to %d, edges from %d", int(a.dense)+i, s.fail, s.start)
		}
		prev = s.start
	}
	for _, e := range a.edges {
		if m := unmark(e >> 8); int(m) >= nodes || int(uint8(e)) >= a.classes {
			return fmt.Errorf("edge to node %d on class %d", m, uint8(e))
		}
	}
	return nil
}
