package tfplan

import (
	"encoding/json"
	"math/big"
	"slices"
)

// Terraform writes a set of nested blocks (aws_security_group's ingress,
// aws_instance's ebs_block_device) in an order of its own, not the
// configuration's. Findings name blocks by index ("ingress block 0"), and
// the HCL loader counts them in the order of the file, so the plan's
// elements are put back in the configuration's order when the configured
// constants tell each block's element apart. When they do not (the blocks
// are set from references, or by dynamic blocks), the plan's order stays.

// configOrder returns, for each top-level block list of values whose
// elements it can match one to one with the configuration's blocks, the
// permutation that puts them in the configuration's order: element i of the
// result is element perm[i] of the plan's list.
func configOrder(values map[string]any, exprs map[string]*expr) map[string][]int {
	var perms map[string][]int
	for name, e := range exprs {
		list, ok := values[name].([]any)
		if !ok || len(list) < 2 {
			continue
		}
		sigs := blockSignatures(e)
		if len(sigs) != len(list) {
			continue
		}
		if perm := match(sigs, list); perm != nil {
			if perms == nil {
				perms = map[string][]int{}
			}
			perms[name] = perm
		}
	}
	return perms
}

// blockSignatures returns the constant arguments of each configured block of
// e, in the configuration's order, or nil when e is not a list of blocks.
func blockSignatures(e *expr) []map[string]any {
	var sigs []map[string]any
	switch {
	case e == nil:
	case e.Blocks != nil:
		for _, b := range e.Blocks {
			sig := map[string]any{}
			for k, a := range b {
				if a.leaf() && len(a.Refs) == 0 && a.Constant != nil {
					sig[k] = a.Constant
				}
			}
			sigs = append(sigs, sig)
		}
	case e.leaf() && len(e.Refs) == 0:
		// Blocks written as one attribute: a constant list of objects.
		list, ok := e.Constant.([]any)
		if !ok {
			return nil
		}
		for _, el := range list {
			obj, ok := el.(map[string]any)
			if !ok {
				return nil
			}
			sig := map[string]any{}
			for k, v := range obj {
				if v != nil {
					sig[k] = v
				}
			}
			sigs = append(sigs, sig)
		}
	}
	return sigs
}

// match pairs each signature, in order, with the first unpaired element that
// agrees with it, and returns the pairing when every signature found exactly
// one element it could take and it is not the identity.
func match(sigs []map[string]any, list []any) []int {
	perm := make([]int, len(sigs))
	used := make([]bool, len(list))
	for i, sig := range sigs {
		perm[i] = -1
		for j, el := range list {
			obj, ok := el.(map[string]any)
			if used[j] || !ok || !agrees(sig, obj) {
				continue
			}
			if perm[i] >= 0 {
				return nil // two elements fit: the constants do not tell them apart
			}
			perm[i] = j
		}
		if perm[i] < 0 {
			return nil
		}
		used[perm[i]] = true
	}
	if slices.IsSorted(perm) {
		return nil
	}
	return perm
}

func agrees(sig, obj map[string]any) bool {
	for k, c := range sig {
		if !sameJSON(c, obj[k], 0) {
			return false
		}
	}
	return true
}

// sameJSON compares decoded JSON values; lists compare as multisets, since a
// configured list may be planned as a set in another order.
func sameJSON(a, b any, depth int) bool {
	if depth > maxValueDepth {
		return false
	}
	switch a := a.(type) {
	case json.Number:
		b, ok := b.(json.Number)
		if !ok {
			return false
		}
		x, _, err1 := big.ParseFloat(string(a), 10, 512, big.ToNearestEven)
		y, _, err2 := big.ParseFloat(string(b), 10, 512, big.ToNearestEven)
		return err1 == nil && err2 == nil && x.Cmp(y) == 0
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		used := make([]bool, len(b))
	next:
		for _, x := range a {
			for j, y := range b {
				if !used[j] && sameJSON(x, y, depth+1) {
					used[j] = true
					continue next
				}
			}
			return false
		}
		return true
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, x := range a {
			if !sameJSON(x, b[k], depth+1) {
				return false
			}
		}
		return true
	case string, bool, nil:
		return a == b
	}
	return false
}

// permute returns a copy of m with each list named in perms reordered; lists
// of another length (an after_unknown that says nothing per element) are
// left alone.
func permute(m map[string]any, perms map[string][]int) map[string]any {
	if len(perms) == 0 || m == nil {
		return m
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	for name, perm := range perms {
		list, ok := m[name].([]any)
		if !ok || len(list) != len(perm) {
			continue
		}
		sorted := make([]any, len(perm))
		for i, j := range perm {
			sorted[i] = list[j]
		}
		out[name] = sorted
	}
	return out
}
