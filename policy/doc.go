// Package policy holds the policy parameters of shebao as data and the pure
// formulas that compute with them.
//
// Parameters (社平工资, rates, 计发月数, retirement ages, medical deductibles,
// land-expropriated farmers' age bands …) are not constants in code: each
// has a key from the [Catalogue], a value, an effective period and a region.
// A [Set] answers "the value in force for region R on date D", falling back
// from a village to its town, district, city, province and finally to the
// national value, and returns the [Param] it used so that every explanation
// can cite its source (文件依据).
//
// The formulas (contribution base, pension, divisor, retirement age, late
// fee, persons to secure, reimbursement …) are pure functions of integers:
// amounts in 分 ([shebao.Money]), ratios in parts per million
// ([shebao.Rate]), indices and coefficients as scaled integers, never a
// float. Each returns the amount and, where a person will read it, an
// explanation in Chinese that shows the inputs, e.g.
//
//	基础养老金 = (8000.00 + 8000.00×1.2000) ÷ 2 × 30年 × 1% = 2640.00元
//
// # File format
//
// A policy file is TOML: an array of [[param]] tables.
//
//	[[param]]
//	key = "rate.110.employer"   # a key of the Catalogue
//	value = "16%"               # by kind: "16%", "8000.00" (元), 15, "1.2", or a TOML table/array
//	from = 2019-05-01           # TOML local date (or "2019-05-01"), inclusive
//	# to = 2030-01-01           # optional, exclusive; absent = open-ended
//	# region = "640106"         # optional; absent = national. 2, 4, 6, 9 or 12 digits
//	source = "国办发〔2019〕13号《降低社会保险费率综合方案》"
//	example = false             # true: an example value that a district must replace
//
// Rates are text with a percent sign ("0.05%"), never bare numbers, so that
// 0.16 and 16 cannot be confused. Money is 元 with at most two decimals, as
// text or a TOML number. Tables are inline TOML arrays/tables or a
// [param.value] sub-table; their shape is the Go type named in the
// catalogue (see README.md). [Parse] reports every problem of a file at
// once, each with the entry number (第N条) and its key.
//
// The package is a leaf: it reads no files and no database; the shipped
// default policy is embedded ([Default]).
package policy
