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
