package ingest

import "github.com/shebao/shebao/sheet"

// idNoAliases are the header texts every importer accepts for the
// 身份证号 column: the union of what the importers accepted each on its
// own before they shared this list (社会保险法 第五十八条: 个人社会保障号码为
// 公民身份号码), so a file that imported before still finds its column.
var idNoAliases = []string{"公民身份号码", "身份证号", "身份证号码", "身份证", "证件号码", "社会保障号码", "社会保障号", "身份号码"}

// idNoField is the required 身份证号 column (key id_no), named label in
// messages to clerks ("缺少必填列", "与本文件第N行重复"): label stands
// first among its aliases, as each importer has always named it.
func idNoField(label string) sheet.Field {
	aliases := []string{label}
	for _, a := range idNoAliases {
		if a != label {
			aliases = append(aliases, a)
		}
	}
	return sheet.Field{Key: "id_no", Aliases: aliases, Required: true, Label: label}
}
