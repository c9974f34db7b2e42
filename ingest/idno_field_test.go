package ingest_test

import (
	"slices"
	"testing"

	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sheet"
)

// TestIDNoFieldKeepsEveryHeader checks that each importer's 身份证号
// column still accepts the header texts it accepted before the importers
// shared one list (written out here as they were), under the same label.
func TestIDNoFieldKeepsEveryHeader(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fields []sheet.Field
		label  string
		before []string
	}{
		{"claims", ingest.ClaimFields, "身份证号", []string{"身份证号", "公民身份号码", "身份证号码", "证件号码", "社会保障号码"}},
		{"declarations", ingest.DeclarationFields, "公民身份号码", []string{"公民身份号码", "身份证号", "身份证号码", "证件号码", "社会保障号码"}},
		{"enrollments", ingest.EnrollmentFields, "公民身份号码", []string{"公民身份号码", "身份证号", "身份证号码", "证件号码", "社会保障号码"}},
		{"flex-bases", ingest.FlexBaseFields, "身份证号", []string{"身份证号", "公民身份号码", "身份证号码"}},
		{"history", ingest.HistoryFields, "公民身份号码", []string{"公民身份号码", "身份证号", "身份证号码", "证件号码", "社会保障号码"}},
		{"land roster", ingest.RosterFields, "身份证号", []string{"身份证号", "公民身份号码", "身份证号码", "证件号码"}},
		{"lists", ingest.ListFields, "公民身份号码", []string{"公民身份号码", "身份证号", "身份证号码", "证件号码"}},
		{"resident-contributions", ingest.ResidentContributionFields, "身份证号", []string{"身份证号", "公民身份号码", "身份证号码"}},
		{"lumpsum-payments", ingest.LumpSumPaymentFields, "身份证号", []string{"身份证号", "公民身份号码", "身份证号码"}},
		{"persons", ingest.PersonFields, "公民身份号码", []string{"公民身份号码", "身份证号", "身份证号码", "身份证", "证件号码", "社会保障号码", "社会保障号", "身份号码"}},
	} {
		i := slices.IndexFunc(tc.fields, func(f sheet.Field) bool { return f.Key == "id_no" })
		if i < 0 {
			t.Errorf("%s: no id_no field", tc.name)
			continue
		}
		f := tc.fields[i]
		if !f.Required || f.Label != tc.label || f.Aliases[0] != tc.label {
			t.Errorf("%s: required %v, label %q, first alias %q; want required, %q", tc.name, f.Required, f.Label, f.Aliases[0], tc.label)
		}
		for _, a := range tc.before {
			if !slices.Contains(f.Aliases, a) {
				t.Errorf("%s: header %q no longer accepted (aliases %v)", tc.name, a, f.Aliases)
			}
		}
	}
}
