package shebao

import (
	"strings"
	"time"
)

// Rural land contracting (土地承包) and the transfer of the operating right
// (土地经营权流转), docs/DOMAIN.md §8: the village collective (发包方) owns
// the land; a household of the registry (承包方, its 户主 signing) holds the
// contract (承包合同) over its parcels (承包地块); the operating right of a
// parcel, or of part of its area, is transferred (流转) by a written
// contract that the town's 土地流转服务中心 verifies (鉴证) and that is
// filed (备案) with the 发包方. Areas are hundredths of a 亩 (policy.Mu),
// written "12.34" in these types as land.go's batches are.

// Entities of the capability (role.go gives the rights on them).
const (
	EntityContracting = "contracting" // 土地承包(发包方、承包方、地块、承包合同)
	EntityTransfer    = "transfer"    // 土地经营权流转合同
	// EntityIntent: the offers and requests of the 流转信息平台, entered by
	// the village's 信息联络员, the town and households themselves (a
	// citizen only under their own ID number: the store keeps them to it).
	EntityIntent = "intent" // 流转供求意向
)

// Contract methods (承包方式, 农村土地承包法 第三条): the code's last letter.
const (
	ContractFamily = "家庭承包" // J
	ContractOther  = "其他方式" // Q
)

// ContractMethodOf is the method of a contract code's letter.
func ContractMethodOf(letter byte) string {
	if letter == 'Q' {
		return ContractOther
	}
	return ContractFamily
}

// LandClasses are the land classes (地类) of a parcel.
var LandClasses = []string{"耕地", "园地", "林地", "草地", "其他"}

// LandClassArable is the class counted as arable land (耕地) in statistics.
const LandClassArable = "耕地"

// NewParcel is one parcel as the 确权 data give it (one row of `shebao
// import parcels`), with its contract: the 承包方 is the household whose
// 户主 is HeadIDNo, in the village the parcel code names.
type NewParcel struct {
	Code     string `json:"code"`       // 承包地块编码, 19 digits
	HeadIDNo string `json:"head_id_no"` // 承包方代表(户主)身份证号
	HeadName string `json:"head_name,omitempty"`
	Area     string `json:"area_mu"` // 亩, up to two decimals
	Class    string `json:"land_class"`
	Basic    bool   `json:"basic_farmland"` // 基本农田
	Bounds   string `json:"bounds,omitempty"`
	// ContractorCode (承包方编码) and ContractCode (承包合同编码) are
	// optional: without them the contractor is found by its 户主 in the
	// 发包方, or given the next free sequence, and the contract code is the
	// contractor's code with the method's letter.
	ContractorCode string `json:"contractor_code,omitempty"`
	ContractCode   string `json:"contract_code,omitempty"`
	Method         string `json:"method,omitempty"` // 家庭承包 (default) or 其他方式
	Start          string `json:"start"`            // YYYY-MM-DD
	End            string `json:"end"`
	CertNo         string `json:"cert_no,omitempty"` // 经营权证(承包经营权证)编号
}

// LandContract is a 承包合同: one contractor household and its parcels.
type LandContract struct {
	Code           string `json:"code"`
	ContractorCode string `json:"contractor_code"`
	Issuer         string `json:"issuer_code"` // 发包方编码, 14 digits
	IssuerName     string `json:"issuer_name,omitempty"`
	Region         string `json:"region_code"` // the village
	RegionName     string `json:"region_name,omitempty"`
	HeadIDNo       string `json:"head_id_no"`
	HeadName       string `json:"head_name,omitempty"`
	Household      string `json:"household_id,omitempty"` // 户号 of the registry
	Method         string `json:"method"`
	Start          string `json:"start"`
	End            string `json:"end"`
	CertNo         string `json:"cert_no,omitempty"`
	Version        int    `json:"version"`
	Source         string `json:"source,omitempty"`
	// Filled on reads: the parcels and their total area.
	Parcels   []*Parcel `json:"parcels,omitempty"`
	Area      string    `json:"area_mu,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Parcel is a 承包地块.
type Parcel struct {
	Code         string    `json:"code"`
	ContractCode string    `json:"contract_code"`
	Region       string    `json:"region_code"`
	Area         string    `json:"area_mu"`
	Class        string    `json:"land_class"`
	Basic        bool      `json:"basic_farmland"`
	Bounds       string    `json:"bounds,omitempty"`
	Version      int       `json:"version"`
	Source       string    `json:"source,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// ContractingVersion is a superseded state of a contract or a parcel.
type ContractingVersion struct {
	Kind      string    `json:"kind"` // contract, parcel
	Code      string    `json:"code"`
	Version   int       `json:"version"`
	ChangedAt time.Time `json:"changed_at"`
	Actor     string    `json:"actor"`
	Source    string    `json:"source"`
	Before    any       `json:"before"`
	Changes   []Change  `json:"changes"`
}

// LandContractFilter selects contracts.
type LandContractFilter struct {
	Region string
	IDNo   string // the 户主's
	Offset int
	Limit  int
}

// ParseYesNo reads a 是/否 cell ("" is no).
func ParseYesNo(s string) (bool, bool) {
	switch strings.TrimSpace(s) {
	case "是", "Y", "y", "1", "yes", "true", "√":
		return true, true
	case "否", "N", "n", "0", "no", "false", "", "×":
		return false, true
	}
	return false, false
}

// ParseLandClass normalises a land class: "水田", "旱地", "水浇地" are 耕地
// (GB/T 21010 的二级类), "果园", "茶园" 园地, "有林地" 林地, "天然牧草地" 草地.
func ParseLandClass(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, c := range LandClasses {
		if s == c {
			return c, true
		}
	}
	switch {
	case s == "水田" || s == "旱地" || s == "水浇地" || s == "01":
		return "耕地", true
	case strings.HasSuffix(s, "园") || s == "02":
		return "园地", true
	case strings.HasSuffix(s, "林地") || s == "03":
		return "林地", true
	case strings.HasSuffix(s, "草地") || s == "04":
		return "草地", true
	}
	return "", false
}

// ContractingHead is what the contracting rules need of a 户主: the person
// of the registry and the household they belong to.
type ContractingHead struct {
	IDNo      string
	Name      string
	Region    string
	Dead      bool
	Household string
}

// ContractingData is what an import of parcels reads, wherever the records
// lie (the service tells another jurisdiction's apart).
type ContractingData struct {
	Parcels   map[string]*Parcel       // by parcel code
	Contracts map[string]*LandContract // by contract code
	// ByHead finds a contract by 发包方, 户主 and method: "issuer/id/method".
	ByHead map[string]*LandContract
	Heads  map[string]*ContractingHead
	// LastContractor is the highest 4-digit contractor sequence used in
	// each 发包方 ("" when none).
	LastContractor map[string]string
	// Issuers are the 发包方 already registered.
	Issuers map[string]bool
}

// ContractingWrites is what one chunk of an import writes: new 发包方, new
// and changed contracts and parcels (the changed ones with their previous
// state and changes, for the history).
type ContractingWrites struct {
	Issuers         []LandIssuer
	NewContracts    []*LandContract
	ChangedContract []ContractChange
	NewParcels      []*Parcel
	ChangedParcels  []ParcelChange
}

// LandIssuer is a 发包方.
type LandIssuer struct {
	Code   string `json:"code"`
	Region string `json:"region_code"`
	Name   string `json:"name"`
}

// ContractChange is a corrected contract.
type ContractChange struct {
	Old, New *LandContract
	Changes  []Change
}

// ParcelChange is a corrected parcel.
type ParcelChange struct {
	Old, New *Parcel
	Changes  []Change
}
