package shebao

import (
	"encoding/json"
	"time"
)

// AuditEntry records one write, or one read of personal data: who, when,
// from where, what, and the state before and after.
type AuditEntry struct {
	ID     string          `json:"id"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Role   string          `json:"role"`
	Remote string          `json:"remote"`
	Action string          `json:"action"` // e.g. person.create, person.update, person.read, import.persons
	Entity string          `json:"entity"` // person, employer, region, import
	Key    string          `json:"key"`    // the entity's key (ID number, USCC, code, run id)
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// AuditCheck is the outcome of checking the audit chain.
type AuditCheck struct {
	OK bool `json:"ok"`
	// Entries is the number of chained entries checked.
	Entries int64 `json:"entries"`
	// FirstBad is the seq of the first entry that is missing, altered or
	// out of place; 0 when the chain is whole, or when the fault is an
	// entry outside the chain (a row without seq).
	FirstBad int64  `json:"first_bad,omitempty"`
	Reason   string `json:"reason,omitempty"`
	// HeadSeq and HeadHash are the newest link: recording them outside the
	// database lets a later check detect even a rewrite of the whole chain.
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash"`
	// Anchors is the number of anchors (heads recorded outside the
	// database) the chain was checked against.
	Anchors int `json:"anchors,omitempty"`
}

// AuditAnchor is a head of the audit chain as an operator records it
// outside the database (shebao audit anchor): the chain must still hold
// entry Seq with hash Hash later, however many entries follow it. Without
// it, deleting the newest entries and rewinding the head leaves a chain
// that checks whole.
type AuditAnchor struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
	// At is when entry Seq was written; AnchoredAt when the anchor was
	// taken.
	At         time.Time `json:"at,omitzero"`
	AnchoredAt time.Time `json:"anchored_at,omitzero"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Entity string
	Key    string
	Actor  string
	Limit  int
}
