package employ

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// 公益性岗位 (issue #19 item 5, docs/DOMAIN.md §10): posts created with
// their funding; persons of a priority group placed on them; the monthly
// post subsidy and social-insurance subsidy computed from policy
// (policy.PublicPostSubsidy) for the term the rules allow
// (policy.PublicPostTerm: 3 years, or until retirement within 5 years of
// it), submitted for a second clerk (post.place); on approval the
// placement is recorded and its two subsidies become benefits paid by the
// monthly payroll to the unit's account.

// PostStore is what this part of the service needs of the storage (part
// of Store).
type PostStore interface {
	InsertPublicPost(ctx context.Context, p *shebao.PublicPost) error
	FindPublicPost(ctx context.Context, id, month string) (*shebao.PublicPost, error)
	FindPublicPosts(ctx context.Context, month string) ([]*shebao.PublicPost, error)
	PersonPlacements(ctx context.Context, idNo string) ([]*shebao.PostPlacement, error)
	FindPlacements(ctx context.Context) ([]*shebao.PostPlacement, error)
	SubmitPlacement(ctx context.Context, region, summary string, payload any) (*shebao.Approval, error)
	PendingPlacements(ctx context.Context, idNo, postID string) (person, post int, err error)
	InsertPlacement(ctx context.Context, x *shebao.PostPlacement) error
	PostPriorities(ctx context.Context, idNo string) ([]string, error)
	// CreatePostBenefits creates the placement's two subsidies as
	// benefits, paid by the monthly payroll.
	CreatePostBenefits(ctx context.Context, bs []shebao.NewBenefit) (int, error)
}

// CreatePost registers a 公益性岗位 of a region in the jurisdiction.
func (s *Service) CreatePost(ctx context.Context, p shebao.PublicPost) (*shebao.PublicPost, error) {
	if err := s.beginPost(ctx, "post.create"); err != nil {
		return nil, err
	}
	p.Name, p.Unit, p.Funding = strings.TrimSpace(p.Name), strings.TrimSpace(p.Unit), strings.TrimSpace(p.Funding)
	switch {
	case p.Name == "":
		return nil, shebao.FieldErrorf("岗位名称", "岗位名称不能为空")
	case p.Unit == "":
		return nil, shebao.FieldErrorf("用人单位", "用人单位不能为空")
	case p.Funding == "":
		return nil, shebao.FieldErrorf("资金来源", "资金来源不能为空(如:就业补助资金)")
	case p.Places <= 0:
		return nil, shebao.FieldErrorf("岗位数", "岗位数应大于0")
	}
	if p.UnitUSCC != "" {
		u, err := idno.ParseUSCC(p.UnitUSCC)
		if err != nil {
			return nil, shebao.FieldErrorf("统一社会信用代码", "%s", err.Error())
		}
		p.UnitUSCC = u.Code
	}
	var err error
	if p.BankAccount, err = shebao.NormalizeBankAccount("收款账号", p.BankAccount); err != nil {
		return nil, err
	}
	if p.BankAccount == "" {
		return nil, shebao.FieldErrorf("收款账号", "须填写用人单位的收款账号(补贴按月拨付至该账户)")
	}
	if err := s.store.InsertPublicPost(ctx, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// beginPost checks the actor may do the action on posts.
func (s *Service) beginPost(ctx context.Context, action string) error {
	if _, err := s.store.Jurisdiction(ctx); err != nil {
		return err
	}
	a, _ := shebao.ActorFrom(ctx)
	return a.Authorize(shebao.AuditAction(action, shebao.EntityPost), "")
}

// FindPosts lists the posts with their places filled this month.
func (s *Service) FindPosts(ctx context.Context) ([]*shebao.PublicPost, error) {
	if err := s.beginPost(ctx, "post.read"); err != nil {
		return nil, err
	}
	return s.store.FindPublicPosts(ctx, shebao.Today().Format("2006-01"))
}

// FindPlacements lists the placements.
func (s *Service) FindPlacements(ctx context.Context) ([]*shebao.PostPlacement, error) {
	return s.store.FindPlacements(ctx)
}

// placementPayload is the payload of a post.place approval: the placement
// and its two subsidies, as computed when submitted.
type placementPayload struct {
	Placement shebao.PostPlacement `json:"placement"`
	Places    int                  `json:"places"`
	Benefits  []shebao.NewBenefit  `json:"benefits"`
}

// PlaceResult is a submitted placement: what will be paid, and the
// approval that waits for a second clerk.
type PlaceResult struct {
	Placement shebao.PostPlacement `json:"placement"`
	Subsidy   policy.PostSubsidy   `json:"subsidy"`
	Approval  *shebao.Approval     `json:"approval"`
}

// Place computes a placement of a person on a post from a month and puts
// it into the approval queue (经办): the person must be living, in the
// jurisdiction, of working age in the start month and of a priority group
// (an open 就业困难人员 certification, the 被征地 flag, or a household listed
// as zero-employment); the post must have a free place; the term follows
// policy.PublicPostTerm with the months of the person's earlier
// placements; the subsidies of the start month's policy are paid monthly
// for the term to the post's account.
func (s *Service) Place(ctx context.Context, req shebao.PlaceRequest) (*PlaceResult, error) {
	if err := s.beginPost(ctx, "post.place"); err != nil {
		return nil, err
	}
	start, err := shebao.ParsePeriod(req.Start)
	if err != nil {
		return nil, shebao.FieldErrorf("起始年月", "%s", shebao.ErrorMessage(err))
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *PlaceResult
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		post, err := s.store.FindPublicPost(ctx, req.PostID, string(start))
		if err != nil {
			return err
		}
		p, w, err := s.person(ctx, set, req.IDNo, start.First())
		if err != nil {
			return err
		}
		groups, err := s.store.PostPriorities(ctx, p.IDNo)
		if err != nil {
			return err
		}
		if len(groups) == 0 {
			return shebao.FieldErrorf("身份证号", "%s不属于公益性岗位优先安置对象(就业困难人员、被征地农民、零就业家庭成员)", p.Name)
		}
		pendingPerson, pendingPost, err := s.store.PendingPlacements(ctx, p.IDNo, post.ID)
		if err != nil {
			return err
		}
		if pendingPerson > 0 {
			return shebao.Errorf(shebao.ECONFLICT, "%s已有待复核的公益性岗位安置", p.Name)
		}
		if post.Filled+pendingPost >= post.Places {
			return shebao.Errorf(shebao.ECONFLICT, "公益性岗位“%s”%d个岗位已满(在岗%d人,待复核%d人)", post.Name, post.Places, post.Filled, pendingPost)
		}
		x, sub, err := s.placement(ctx, set, w, p, post, start, groups[0])
		if err != nil {
			return err
		}
		payload := placementPayload{Placement: *x, Places: post.Places, Benefits: placementBenefits(x, post, sub)}
		summary := fmt.Sprintf("%s %s 安置公益性岗位“%s”(%s),%s至%s共%d个月,岗位补贴%s元/月、社会保险补贴%s元/月",
			p.Name, idno.MaskID(p.IDNo), post.Name, post.Unit, x.Start, x.End, x.Months, sub.Post, sub.Insurance)
		ap, err := s.store.SubmitPlacement(ctx, p.Region, summary, payload)
		if err != nil {
			return err
		}
		out = &PlaceResult{Placement: *x, Subsidy: sub, Approval: ap}
		return nil
	})
	return out, err
}

// placement computes the term and subsidies of a placement.
func (s *Service) placement(ctx context.Context, set *policy.Set, w policy.WorkingAge, p *shebao.Person, post *shebao.PublicPost,
	start shebao.Period, priority string) (*shebao.PostPlacement, policy.PostSubsidy, error) {
	var sub policy.PostSubsidy
	// The term counts the months of the person's earlier placements and
	// 社会保险补贴 grants (subsidies.go): 3 years of subsidies in all.
	term, err := s.subsidyTerm(ctx, set, w, p, start)
	if err != nil {
		return nil, sub, err
	}
	if sub, err = policy.PublicPostSubsidy(set, p.Region, start); err != nil {
		return nil, sub, err
	}
	x := &shebao.PostPlacement{ID: newPlacementID(), PostID: post.ID, IDNo: p.IDNo, Name: p.Name, Region: p.Region,
		Priority: priority, Start: term.Start, End: term.End, Months: term.Months, Explain: term.Explain}
	return x, sub, nil
}

// newPlacementID is a placement's key, opaque: it is shown where the ID
// number is masked and names the subsidies' source ("post:<key>"). (It
// was the post, the ID number and the first month; a placement approved
// twice is still one, since the approval refuses a person's overlapping
// placement.)
func newPlacementID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// placementBenefits are the two monthly subsidies of a placement, paid to
// the post's account for the term.
func placementBenefits(x *shebao.PostPlacement, post *shebao.PublicPost, sub policy.PostSubsidy) []shebao.NewBenefit {
	source := "post:" + x.ID
	detail := map[string]any{"post": post.ID, "unit": post.Unit, "placement": x.ID}
	return []shebao.NewBenefit{
		{IDNo: x.IDNo, Kind: shebao.BenefitPublicPost, StartMonth: x.Start, EndMonth: x.End, Monthly: sub.Post, BankAccount: post.BankAccount,
			Source: source, Detail: detail, Summary: "公益性岗位补贴",
			Explanation: fmt.Sprintf("公益性岗位“%s”(%s,%s)岗位补贴%s元/月(labor.public_post.subsidy),拨付至用人单位账户;%s",
				post.Name, post.Unit, post.Funding, sub.Post, x.Explain)},
		{IDNo: x.IDNo, Kind: shebao.BenefitPostInsurance, StartMonth: x.Start, EndMonth: x.End, Monthly: sub.Insurance, BankAccount: post.BankAccount,
			Source: source, Detail: detail, Summary: "公益性岗位社会保险补贴",
			Explanation: fmt.Sprintf("公益性岗位“%s”(%s)社会保险补贴:%s;%s", post.Name, post.Unit, sub.Explain, x.Explain)},
	}
}

// ExecutePlacement carries out an approved post.place (the approving
// clerk's transaction): the post must still have a free place and the
// person no overlapping placement; the placement is recorded and its two
// subsidies created, to be paid by the monthly payroll.
func (s *Service) ExecutePlacement(ctx context.Context, payload []byte) (string, error) {
	var pl placementPayload
	if err := json.Unmarshal(payload, &pl); err != nil {
		return "", err
	}
	x := pl.Placement
	var result string
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		post, err := s.store.FindPublicPost(ctx, x.PostID, x.Start)
		if err != nil {
			return err
		}
		if post.Filled >= post.Places {
			return shebao.Errorf(shebao.ECONFLICT, "公益性岗位“%s”%d个岗位已满,请驳回", post.Name, post.Places)
		}
		before, err := s.store.PersonPlacements(ctx, x.IDNo)
		if err != nil {
			return err
		}
		for _, b := range before {
			if b.End >= x.Start {
				return shebao.Errorf(shebao.ECONFLICT, "%s已安置公益性岗位至%s,请驳回", x.Name, b.End)
			}
		}
		a, _ := shebao.ActorFrom(ctx)
		x.CreatedBy = a.Name
		if err := s.store.InsertPlacement(ctx, &x); err != nil {
			return err
		}
		n, err := s.store.CreatePostBenefits(ctx, pl.Benefits)
		if err != nil {
			return err
		}
		if n != len(pl.Benefits) {
			return shebao.Errorf(shebao.ECONFLICT, "该安置的补贴已核定,不能重复核定")
		}
		result = fmt.Sprintf("已安置%s于公益性岗位“%s”,%s至%s,补贴由月度发放拨付", idno.MaskID(x.IDNo), post.Name, x.Start, x.End)
		return nil
	})
	return result, err
}
