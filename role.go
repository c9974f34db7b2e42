package shebao

import (
	"slices"
	"strings"
	"time"
)

// Roles and what they may do, as data. Two checks decide every request:
//
//   - jurisdiction (Actor.Region): which records exist for the actor at all,
//     enforced by sqldb on every query as a region-code range;
//   - role (this file): what the actor may do with the records it sees —
//     read or write which kind of entity, see full ID and phone numbers.
//
// The web layer refuses a request whose route the role may not use (403),
// and sqldb refuses again any audited read or write the role may not make,
// inside the transaction, so that a route mapped wrongly cannot leak.
//
// Actor.Role holds the role identifier and, for district clerks, the
// business line after a slash: "clerk/collection". A clerk without a line
// ("clerk") is a 综合柜员 serving every line at one window, as "五险合一"
// intends; fund finance stays apart from them (收支两条线).

// Role identifiers.
const (
	RoleAdmin   = "admin"   // 系统管理员
	RoleClerk   = "clerk"   // 区社保经办员, refined by business line
	RoleTown    = "town"    // 乡镇(街道)劳动保障所
	RoleVillage = "village" // 村(社区)协管员
	RoleLand    = "land"    // 国土资源局
	RoleViewer  = "viewer"  // 领导、统计、审计: read-only
	RoleCitizen = "citizen" // 参保人: their own record
	// RoleEmployer is a registered employer's account (用人单位, issue #19
	// item 7), bound to its USCC (User.Employer): through the API with a
	// token it posts, changes and closes its own vacancies and reads their
	// referrals (names and masked ID numbers), nothing else.
	RoleEmployer = "employer"
)

// Business lines of district clerks (Role clerk).
const (
	LineRegistration = "registration" // 登记
	LineCollection   = "collection"   // 征收
	LineBenefits     = "benefits"     // 待遇
	LineMedical      = "medical"      // 医保
	LineFinance      = "finance"      // 基金财务
	// LineCivil is the district civil-affairs bureau's assistance clerk
	// (民政局社会救助): 低保, 特困 and 临时救助 are decided by civil affairs,
	// not by the social-insurance agency, so the 综合柜员 does not write them.
	LineCivil = "civil" // 民政救助
	// LineEmployment is the employment service (就业, issue #19): the
	// labour register and, as they come, training, placement and 公益性岗位.
	LineEmployment = "employment" // 就业
)

// Entities are the kinds of record permissions are given on. They are the
// entity names of audit entries (AuditEntry.Entity) and, in the plural, the
// first path segment of the API (/api/v1/persons → person).
const (
	EntityRegion       = "region"       // 行政区划
	EntityPerson       = "person"       // 人员
	EntityEmployer     = "employer"     // 单位
	EntityHousehold    = "household"    // 户
	EntityEnrollment   = "enrollment"   // 参保关系
	EntityImport       = "import"       // 批量导入
	EntityContribution = "contribution" // 缴费(核定、征收)
	EntityBenefit      = "benefit"      // 待遇(养老金、失业金……)
	EntityMedical      = "medical"      // 医疗费用报销
	EntityFund         = "fund"         // 基金账务
	EntityLand         = "land"         // 征地批次
	EntityRoster       = "roster"       // 被征地人员名单
	EntityStats        = "stats"        // 统计
	EntityScan         = "scan"         // 重复参保筛查
	EntityList         = "list"         // 外部名单比对(外地参保、低保、死亡登记)
	EntityAssistance   = "assistance"   // 社会救助(低保、特困、临时救助)
	// EntityAssistDecision is the district's decision on assistance (审批):
	// only the civil-affairs line makes and checks it, so a town or village
	// that writes assistance (investigation, publication) cannot decide.
	EntityAssistDecision = "assistance_decision"
	EntityPolicy         = "policy" // 政策参数
	EntityUser           = "user"   // 用户、令牌
	EntityAudit          = "audit"  // 审计日志
	// EntityLabor is a person's line of the labour register (劳动力资源台账,
	// employ): personal, kept by villages, towns and the employment line.
	EntityLabor = "labor" // 劳动力资源台账
	// EntityPost is a 公益性岗位 with its placements (employ): created and
	// filled by the district's employment clerks, the placement approved by
	// a second one since it pays subsidies.
	EntityPost = "post" // 公益性岗位
	// EntityTraining is a training course with its enrolments,
	// completions and certificates (employ, issue #19 item 3); its
	// subsidies are approved by a second employment clerk.
	EntityTraining = "training" // 职业培训
	// EntityVacancy is a job vacancy of an employer (岗位空缺, employ,
	// issue #19 item 4): written by the employment line, the 综合柜员 and,
	// for its own vacancies only, the employer (sqldb: scope.employer).
	EntityVacancy = "vacancy" // 岗位空缺
	// EntityReferral is a person referred to a vacancy (推荐就业) with the
	// outcome: personal, written by the employment clerks; the employer
	// reads those of its own vacancies.
	EntityReferral = "referral" // 推荐就业
)

// EntityNames are the Chinese names of the entities, for messages.
var EntityNames = map[string]string{
	EntityRegion: "行政区划", EntityPerson: "人员", EntityEmployer: "单位", EntityHousehold: "户",
	EntityEnrollment: "参保关系", EntityImport: "批量导入", EntityContribution: "缴费", EntityBenefit: "待遇",
	EntityMedical: "医疗费用", EntityFund: "基金账务", EntityLand: "征地批次", EntityRoster: "被征地人员名单",
	EntityStats: "统计", EntityScan: "重复参保筛查", EntityList: "外部名单比对", EntityPolicy: "政策参数",
	EntityAssistance: "社会救助", EntityAssistDecision: "社会救助审批",
	EntityUser: "用户", EntityAudit: "审计日志",
	EntityLabor: "劳动力资源台账", EntityPost: "公益性岗位",
	EntityTraining: "职业培训", // employ, issue #19 item 3
	// 职业介绍 (employ, issue #19 item 4).
	EntityVacancy: "岗位空缺", EntityReferral: "推荐就业",
	// Land contracting and transfer (contracting.go).
	EntityContracting: "土地承包", EntityTransfer: "土地流转合同",
	EntityIntent: "流转供求意向", // the 流转信息平台
}

// EntityName returns the Chinese name of an entity, or the identifier.
func EntityName(entity string) string {
	if n, ok := EntityNames[entity]; ok {
		return n
	}
	return entity
}

// personal are the entities that are one person's record: a role limited
// to its own records (OwnOnly) reaches them only under its own ID number.
var personal = []string{EntityPerson, EntityHousehold, EntityEnrollment, EntityContribution, EntityBenefit, EntityMedical,
	EntityAssistance, EntityLabor,
	EntityContracting, EntityTransfer} // a household's land and its transfers

// IsPersonal reports whether records of the entity belong to one person.
func IsPersonal(entity string) bool { return slices.Contains(personal, entity) }

// business is every entity of the registry and the schemes: what a clerk
// reads. Users and the audit log are not among them.
var business = []string{EntityRegion, EntityPerson, EntityEmployer, EntityHousehold, EntityEnrollment, EntityImport,
	EntityContribution, EntityBenefit, EntityMedical, EntityFund, EntityLand, EntityRoster, EntityStats,
	EntityScan, EntityList, EntityPolicy, EntityAssistance, EntityAssistDecision, EntityLabor, EntityPost,
	EntityTraining,                // employ: training
	EntityVacancy, EntityReferral, // employ: placement
	EntityContracting, EntityTransfer, // land contracting and transfer
	EntityIntent} // the 流转信息平台

// local is what a town or village reads: the business without the fund's
// accounts, which are kept at the district.
var local = []string{EntityRegion, EntityPerson, EntityEmployer, EntityHousehold, EntityEnrollment, EntityImport,
	EntityContribution, EntityBenefit, EntityMedical, EntityLand, EntityRoster, EntityStats, EntityPolicy,
	EntityAssistance, EntityLabor, EntityPost,
	EntityTraining,                // employ: training
	EntityVacancy, EntityReferral, // employ: placement (towns and villages refer their job seekers)
	EntityContracting, EntityTransfer, // land contracting and transfer
	EntityIntent} // the 流转信息平台

// Role is one role (for clerks: one business line) and its rights.
type Role struct {
	ID   string `json:"role"`
	Line string `json:"line,omitempty"`
	Name string `json:"role_name"`
	// Read and Write list the entities the role may read and write; "*" is
	// every entity. Writing does not imply reading: both are listed.
	Read  []string `json:"read"`
	Write []string `json:"write"`
	// FullID: ID and phone numbers are shown in full everywhere, because
	// the work needs them (registration checks documents against them).
	FullID bool `json:"full_id"`
	// Reveal: the role sees masked numbers, but may ask for the full number
	// of one record (?full=1), which is audited as person.read_full.
	Reveal bool `json:"reveal"`
	// OwnOnly: personal records are limited to the actor's own ID number
	// (Actor.IDNo): a citizen sees their own record and nobody else's.
	OwnOnly bool `json:"own_only,omitempty"`
	// EmployerOnly: the role acts for one employer (Actor.Employer, its
	// USCC) and reaches only that employer's records (role employer).
	EmployerOnly bool `json:"employer_only,omitempty"`
}

// Roles is the table of roles, in display order.
var Roles = []Role{
	{ID: RoleAdmin, Name: "系统管理员", Read: []string{"*"}, Write: []string{"*"}, FullID: true},
	{ID: RoleClerk, Name: "区社保经办员(综合柜员)", Read: business, FullID: true,
		Write: []string{EntityPerson, EntityEmployer, EntityHousehold, EntityEnrollment, EntityImport,
			EntityContribution, EntityBenefit, EntityMedical, EntityRoster, EntityScan, EntityList, EntityLabor, EntityPost,
			EntityTraining,                  // employ: training
			EntityVacancy, EntityReferral}}, // employ: placement
	{ID: RoleClerk, Line: LineRegistration, Name: "区社保经办员(登记)", Read: business, FullID: true,
		Write: []string{EntityRegion, EntityPerson, EntityEmployer, EntityHousehold, EntityEnrollment, EntityImport,
			EntityScan, EntityList}},
	{ID: RoleClerk, Line: LineCollection, Name: "区社保经办员(征收)", Read: business, Reveal: true,
		Write: []string{EntityEmployer, EntityEnrollment, EntityContribution}},
	{ID: RoleClerk, Line: LineBenefits, Name: "区社保经办员(待遇)", Read: business, Reveal: true,
		Write: []string{EntityEnrollment, EntityBenefit}},
	{ID: RoleClerk, Line: LineMedical, Name: "区社保经办员(医保)", Read: business, Reveal: true,
		Write: []string{EntityHousehold, EntityEnrollment, EntityMedical}},
	{ID: RoleClerk, Line: LineFinance, Name: "区社保经办员(基金财务)", Read: business,
		Write: []string{EntityFund}},
	// 社会救助: the district's civil-affairs clerks decide (经办 → 复核);
	// towns investigate and villages apply and publish (their Write below).
	{ID: RoleClerk, Line: LineCivil, Name: "区民政经办员(社会救助)", Read: business, Reveal: true,
		Write: []string{EntityAssistance, EntityAssistDecision}},
	// 就业 (employ): the district's employment clerks keep the labour
	// register with the towns and villages, and import it. A 录用 of a
	// referral is the employer's 增员 (enroll.Service.HireWith), so the
	// employment line writes enrollments, as every line does whose
	// business starts or changes one.
	{ID: RoleClerk, Line: LineEmployment, Name: "区就业经办员(就业)", Read: business, Reveal: true,
		Write: []string{EntityLabor, EntityImport, EntityPost,
			EntityTraining,                                    // training courses and their subsidies
			EntityVacancy, EntityReferral, EntityEnrollment}}, // placement: vacancies, referrals, the 增员 of a 录用
	{ID: RoleTown, Name: "乡镇劳动保障所", Read: local, Reveal: true,
		Write: []string{EntityRegion, EntityPerson, EntityEmployer, EntityHousehold, EntityEnrollment, EntityImport,
			EntityContribution, EntityRoster, EntityAssistance, EntityLabor,
			EntityContracting, EntityTransfer, // the town's 土地流转服务中心
			EntityIntent}}, // the 流转信息平台
	{ID: RoleVillage, Name: "村协管员", Read: local, Reveal: true,
		Write: []string{EntityPerson, EntityHousehold, EntityEnrollment, EntityContribution, EntityRoster, EntityAssistance, EntityLabor,
			EntityContracting, EntityTransfer, // the village's 信息联络员
			EntityIntent}}, // the 流转信息平台
	{ID: RoleLand, Name: "国土资源局", Read: []string{EntityRegion, EntityLand, EntityRoster, EntityStats, EntityPolicy,
		EntityContracting, EntityTransfer, // land bureau and agriculture officers read contracting and transfers
		EntityIntent},
		Write: []string{EntityLand}},
	{ID: RoleViewer, Name: "领导/统计/审计(只读)", Read: append(slices.Clone(business), EntityAudit)},
	// A citizen writes two things: the training and work wishes of their
	// own line of the labour register (employ.Service.UpdateWishes), and
	// their household's offers and requests on the 流转信息平台.
	{ID: RoleCitizen, Name: "参保人", OwnOnly: true,
		Read: []string{EntityRegion, EntityPerson, EntityEnrollment, EntityContribution, EntityBenefit, EntityMedical, EntityPolicy,
			EntityAssistance, EntityLabor,
			EntityContracting, EntityTransfer, // their own contracts and transfers (sqldb: scope.own)
			EntityIntent}, // the public market, and their household's own offers and requests
		Write: []string{EntityLabor,
			EntityIntent}}, // their household's offers and requests (transfer.SaveIntent: their own ID number only)
	// 用人单位 (employ, issue #19 item 7): its own vacancies and their
	// referrals, bound to its USCC in sqldb; masked ID numbers.
	{ID: RoleEmployer, Name: "用人单位", EmployerOnly: true,
		Read: []string{EntityVacancy, EntityReferral}, Write: []string{EntityVacancy}},
}

// Lines lists the business lines with their Chinese names.
var Lines = map[string]string{
	LineRegistration: "登记", LineCollection: "征收", LineBenefits: "待遇", LineMedical: "医保", LineFinance: "基金财务",
	LineCivil:      "民政救助",
	LineEmployment: "就业",
}

// LookupRole returns the role with the identifier and business line.
func LookupRole(id, line string) (Role, bool) {
	for _, r := range Roles {
		if r.ID == id && r.Line == line {
			return r, true
		}
	}
	return Role{}, false
}

// ActorRole is the Actor.Role string of a role and line: "town",
// "clerk/collection".
func ActorRole(id, line string) string {
	if line == "" {
		return id
	}
	return id + "/" + line
}

// RoleOf returns the role of the actor. An unknown role has no rights at
// all: the zero Role reads and writes nothing.
func RoleOf(a Actor) Role {
	id, line, _ := strings.Cut(a.Role, "/")
	r, _ := LookupRole(id, line)
	return r
}

// User is an account: a person at a desk (or a machine client, through its
// API tokens) with one role and one jurisdiction.
type User struct {
	// Name is the login name: lower-case letters, digits, '.', '_', '-'.
	Name string `json:"name"`
	// Display is the name shown on screen (姓名).
	Display string `json:"display_name,omitempty"`
	Role    string `json:"role"`
	Line    string `json:"line,omitempty"`
	// Region is the 12-digit code of the jurisdiction; empty only for an
	// administrator of the whole database.
	Region string `json:"region"`
	// IDNo is the citizen's own 公民身份号码 (role citizen only).
	IDNo string `json:"id_no,omitempty"`
	// Employer is the USCC of the employer an account of role employer
	// acts for.
	Employer  string    `json:"employer,omitempty"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	// PasswordChangedAt is when the password was last set.
	PasswordChangedAt time.Time `json:"password_changed_at"`
}

// Actor returns the actor of the user's requests from remote.
func (u *User) Actor(remote string) Actor {
	return Actor{Name: u.Name, Role: ActorRole(u.Role, u.Line), Region: u.Region, Remote: remote, IDNo: u.IDNo, Employer: u.Employer}
}

// RoleOf returns the user's role.
func (u *User) RoleOf() Role {
	r, _ := LookupRole(u.Role, u.Line)
	return r
}
