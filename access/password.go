package access

import (
	"strings"

	"github.com/shebao/shebao"
	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/match"
)

// How guessable a new password may be. zxcvbn (Dropbox's estimator, here
// trustelem's Go port, which gives the same results as zxcvbn 4.4.2)
// estimates the guesses an attacker who knows common passwords, words,
// names, dates, keyboard walks, repeats and sequences needs; its score 3
// means at least 10^8 guesses. NIST SP 800-63B §5.1.1.2 asks for exactly
// this kind of check against commonly used, expected or compromised values
// and context-specific words rather than composition rules.
const minPasswordScore = 3

// estimateLen is how much of a password the estimator looks at: its
// matching grows faster than the length, and a password longer than this
// that is weak in its first 64 characters is weak.
const estimateLen = 64

// commonHere are words and passwords common in China that the estimator's
// English dictionaries lack (frequent entries of published analyses of
// leaked Chinese password lists), and words of this system and place that
// a clerk might use. They are given to the estimator as context words,
// most likely first.
var commonHere = []string{
	"woaini", "5201314", "1314", "woaini1314", "520", "iloveyou", "qq", "aini",
	"shebao", "shebaoju", "shebaoka", "yibao", "yanglao", "renshe", "rensheju",
	"ningxia", "yinchuan", "jinfeng", "zhongguo", "china",
	"wangyi", "baidu", "taobao", "weixin", "dearbook", "xiazhili",
	"abc", "admin", "root", "user", "test",
}

// CheckPassword reports whether a new password is acceptable: of a form
// shebao.CheckPassword accepts, and not easily guessed (a zxcvbn score of 3
// or more), also by someone who knows the hints (the user's name, display
// name, ID number). The error says why in Chinese.
func CheckPassword(password string, hints ...string) error {
	if err := shebao.CheckPassword(password); err != nil {
		return err
	}
	var inputs []string
	for _, h := range hints {
		h = strings.ToLower(strings.TrimSpace(h))
		if h != "" {
			inputs = append(inputs, h)
		}
	}
	own := len(inputs)
	inputs = append(inputs, commonHere...)
	pw := password
	if r := []rune(pw); len(r) > estimateLen {
		pw = string(r[:estimateLen])
	}
	res := zxcvbn.PasswordStrength(pw, inputs)
	if res.Score >= minPasswordScore {
		return nil
	}
	return shebao.FieldErrorf("密码", "密码太弱,%s,容易被猜中。请换一个更长、更不规则的密码,例如由三四个不相关的词和数字组成", weakness(res.Sequence, own))
}

// weakness names, in Chinese, what makes a password guessable: the most
// telling pattern the estimator matched.
func weakness(seq []*match.Match, hints int) string {
	found := map[string]bool{}
	for _, m := range seq {
		switch m.Pattern {
		case "dictionary":
			switch {
			case m.DictionaryName == "user_inputs" && m.Rank <= hints:
				found["hint"] = true
			case m.DictionaryName == "passwords" || m.DictionaryName == "user_inputs":
				found["common"] = true
			default:
				found["word"] = true
			}
		default:
			found[m.Pattern] = true
		}
	}
	for _, c := range []struct{ key, text string }{
		{"hint", "含用户名、姓名或身份证号等与本人有关的信息"},
		{"common", "是常见密码或含常见密码"},
		{"repeat", "含重复的字符(如aaaa、abcabc)"},
		{"sequence", "含连续的字符(如abcd、1234)"},
		{"spatial", "含键盘上相邻的键(如qwer、1qaz)"},
		{"date", "含日期"},
		{"regex", "含年份"},
		{"word", "由常见单词或姓名构成"},
	} {
		if found[c.key] {
			return c.text
		}
	}
	return "字符组合太简单"
}
