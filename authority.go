package shebao

import (
	"slices"

	"github.com/shebao/shebao/idno"
)

// Who may do what: one function answers it for the API, the UI (which
// links and buttons it shows) and the store (which refuses again inside the
// transaction, so a face that asks wrongly cannot leak). Rights are data:
// the Roles table in role.go says which entities each role reads and
// writes; this file turns that table into answers about actions.

// Verbs of actions.
const (
	VerbRead     = "read"      // see records of an entity
	VerbReadFull = "read_full" // see ID and phone numbers in full
	VerbWrite    = "write"     // create or change records, or submit them for approval (经办)
	VerbDecide   = "decide"    // approve or reject an approval of a kind (复核)
)

// Action is one thing an actor may be allowed to do: a verb on an entity,
// or the decision of an approval kind.
type Action struct {
	Verb   string
	Entity string // for VerbDecide: the approval kind
}

// Read is the action of reading records of the entity.
func Read(entity string) Action { return Action{VerbRead, entity} }

// ReadFull is the action of seeing the full ID and phone numbers of a
// record of the entity.
func ReadFull(entity string) Action { return Action{VerbReadFull, entity} }

// Write is the action of creating, changing or submitting records of the
// entity.
func Write(entity string) Action { return Action{VerbWrite, entity} }

// Decide is the action of deciding (复核) approvals of the kind.
func Decide(kind string) Action { return Action{VerbDecide, kind} }

// Audit names of reads that return many records: a page of a list, or a
// search by number or name. Like ".read" they need the entity's read right.
const (
	AuditList   = "list"
	AuditSearch = "search"
)

// AuditAction returns the action that an audited operation needs: its
// audit name ends in ".read", ".list" or ".search" for reads, ".read_full"
// for a full view; anything else changes records of the entity.
func AuditAction(name, entity string) Action {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '.' {
			switch name[i+1:] {
			case VerbRead, AuditList, AuditSearch:
				return Read(entity)
			case VerbReadFull:
				return ReadFull(entity)
			}
			break
		}
	}
	return Write(entity)
}

// May reports whether the role may do the action on records it can see.
// It is the only place where the Roles table is read.
func (r Role) May(act Action) bool {
	has := func(list []string, e string) bool { return slices.Contains(list, "*") || slices.Contains(list, e) }
	switch act.Verb {
	case VerbRead:
		return has(r.Read, act.Entity)
	case VerbReadFull:
		return has(r.Read, act.Entity) && (r.FullID || r.Reveal)
	case VerbWrite:
		return has(r.Write, act.Entity)
	case VerbDecide:
		// A checker is a clerk who could have made the operation: who may
		// write the entity may check another's work on it. A citizen
		// decides nothing.
		k, ok := ApprovalKinds[act.Entity]
		return ok && !r.OwnOnly && has(r.Write, k.Entity)
	}
	return false
}

// ReadOnly reports whether the role writes nothing.
func (r Role) ReadOnly() bool { return len(r.Write) == 0 }

// May reports whether the actor's role may do the action.
func (a Actor) May(act Action) bool { return RoleOf(a).May(act) }

// SeesFullID reports whether the actor sees the full numbers of the person
// with the ID number without asking: a role that needs them in all its
// work, or a citizen looking at their own record.
func (a Actor) SeesFullID(idNo string) bool {
	r := RoleOf(a)
	return r.FullID || (r.OwnOnly && a.IDNo != "" && a.IDNo == idNo)
}

// MayReveal reports whether the actor may ask for the full numbers of the
// person with the ID number (an audited full view).
func (a Actor) MayReveal(idNo string) bool {
	return a.May(ReadFull(EntityPerson)) || a.SeesFullID(idNo)
}

// Authorize returns nil when the actor may do the action on the record
// with the key, or the error to answer with, in Chinese. For a role limited
// to its own records (citizen), another person's personal record is "not
// found", exactly as a record outside a jurisdiction: it must not learn
// that the record exists.
func (a Actor) Authorize(act Action, key string) error {
	r := RoleOf(a)
	switch act.Verb {
	case VerbRead, VerbReadFull:
		if !r.May(Read(act.Entity)) {
			return Errorf(EFORBIDDEN, "您的角色(%s)无权查看%s", a.RoleName(), EntityName(act.Entity))
		}
		if r.OwnOnly && act.Entity == EntityPerson && key != a.IDNo {
			return Errorf(ENOTFOUND, "未找到身份证号为%s的人员", idno.MaskID(key))
		}
		if act.Verb == VerbReadFull && !a.MayReveal(key) {
			return Errorf(EFORBIDDEN, "您的角色(%s)无权查看完整的身份证号和电话号码", a.RoleName())
		}
	case VerbWrite:
		if !r.May(act) {
			return Errorf(EFORBIDDEN, "您的角色(%s)无权修改%s", a.RoleName(), EntityName(act.Entity))
		}
	case VerbDecide:
		if !r.May(act) {
			return Errorf(EFORBIDDEN, "您的角色(%s)无权复核%s", a.RoleName(), ApprovalKinds[act.Entity].Name)
		}
	default:
		return Errorf(EFORBIDDEN, "未知操作%s", act.Verb)
	}
	return nil
}

// MaySubmit returns nil when the actor may submit an approval of the kind
// (经办), or the error to answer with.
func (a Actor) MaySubmit(kind string) error {
	k, ok := ApprovalKinds[kind]
	if !ok {
		return Errorf(EINVALID, "未知的复核业务类型%s", kind)
	}
	if !a.May(Write(k.Entity)) {
		return Errorf(EFORBIDDEN, "您的角色(%s)无权经办%s", a.RoleName(), k.Name)
	}
	return nil
}

// MayDecide returns nil when the actor may decide the pending approval
// (复核), or the error to answer with: the checker is another user than
// the maker, and one whose role may decide the kind. Jurisdiction is the
// store's: an approval outside it is not found.
func (a Actor) MayDecide(ap *Approval) error {
	if a.Name == ap.Maker {
		return Errorf(EFORBIDDEN, "不能复核本人经办的业务(经办人与复核人须为不同用户)")
	}
	return a.Authorize(Decide(ap.Kind), "")
}

// MaySee reports whether the actor may see an approval of the kind in the
// queue: its subject must be something the role reads. A role limited to
// its own records sees no queue at all (an approval names other persons).
func (a Actor) MaySee(kind string) bool {
	k, ok := ApprovalKinds[kind]
	r := RoleOf(a)
	return ok && !r.OwnOnly && r.May(Read(k.Entity))
}

// VisibleApprovalKinds lists the approval kinds the actor may see, sorted:
// the store filters the queue by it.
func (a Actor) VisibleApprovalKinds() []string {
	var out []string
	for k := range ApprovalKinds {
		if a.MaySee(k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// MayDecideAny reports whether the actor's role may decide some kind of
// approval: the UI offers the 复核 buttons only then.
func (a Actor) MayDecideAny() bool {
	for k := range ApprovalKinds {
		if a.May(Decide(k)) {
			return true
		}
	}
	return false
}

// RoleName names the actor's role for messages: its Chinese name, or the
// identifier of an unknown role, or 无.
func (a Actor) RoleName() string {
	if r := RoleOf(a); r.Name != "" {
		return r.Name
	}
	if a.Role == "" {
		return "无"
	}
	return a.Role
}
