package shebao

import (
	"context"
	"time"
)

// Employer is one contributing unit (参保单位), keyed by its 统一社会信用代码.
type Employer struct {
	USCC      string    `json:"uscc"`
	Name      string    `json:"name"`
	Industry  string    `json:"industry,omitempty"` // GB/T 4754 门类 or the clerk's wording
	RiskClass int       `json:"risk_class"`         // 工伤保险行业风险类别 1..8
	Region    string    `json:"region"`
	Contact   string    `json:"contact,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	Address   string    `json:"address,omitempty"`
	Version   int       `json:"version"`
	Source    string    `json:"source,omitempty"` // what last wrote the record
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// RegionName is filled on reads for display.
	RegionName string `json:"region_name,omitempty"`
}

// EmployerFilter selects employers. Zero fields do not filter.
type EmployerFilter struct {
	USCC   string
	Name   string // substring of the name
	Region string // jurisdiction prefix
	Offset int
	Limit  int
}

// EmployerUpdate holds the fields a clerk may change. Nil fields stay.
type EmployerUpdate struct {
	Name      *string `json:"name,omitempty"`
	Industry  *string `json:"industry,omitempty"`
	RiskClass *int    `json:"risk_class,omitempty"`
	Region    *string `json:"region,omitempty"`
	Contact   *string `json:"contact,omitempty"`
	Phone     *string `json:"phone,omitempty"`
	Address   *string `json:"address,omitempty"`
	Reason    string  `json:"reason,omitempty"`
	// Version is the version of the record the edit was made on
	// (Employer.Version), as PersonUpdate.Version.
	Version *int `json:"version,omitempty"`
}

// EmployerService reads and writes the employer registry, scoped to the
// actor of the context.
type EmployerService interface {
	FindEmployer(ctx context.Context, uscc string) (*Employer, error)
	FindEmployers(ctx context.Context, f EmployerFilter) ([]*Employer, int, error)
	CreateEmployer(ctx context.Context, e *Employer) error
	UpdateEmployer(ctx context.Context, uscc string, u EmployerUpdate) (*Employer, error)
}
