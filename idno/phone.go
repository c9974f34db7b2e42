package idno

import "strings"

// ParsePhone normalises a Chinese telephone number and validates it. It
// strips white space, dashes, brackets and full-width forms, and the +86 or
// 0086 country prefix (also a bare 86 before a mobile number, as spreadsheet
// exports write it). It accepts an 11-digit mobile number starting 13–19,
// returned as 11 digits, or a landline with area code (010, 020–029, or a
// four-digit code 03xx–09xx) and a 7–8 digit local number, returned as
// "0951-1234567". A landline without area code is rejected: it cannot be
// dialled from another area and cannot be told from a mistyped mobile.
func ParsePhone(s string) (string, error) {
	n := cleanPhone(s)
	if n == "" {
		return "", errorf("电话号码为空")
	}
	international := false
	switch {
	case strings.HasPrefix(n, "+86"):
		n, international = n[3:], true
	case strings.HasPrefix(n, "0086"):
		n, international = n[4:], true
	case strings.HasPrefix(n, "+"):
		return "", errorf("只接受中国大陆电话号码,国际区号应为+86")
	case len(n) == 13 && strings.HasPrefix(n, "861") && allDigits(n):
		n = n[2:]
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return "", errorf("电话号码含非法字符%s", quote(r))
		}
	}
	if n == "" {
		return "", errorf("电话号码在国际区号之后为空")
	}
	if international && n[0] != '0' && !isMobilePrefix(n) {
		n = "0" + n // +86 951 1234567, +86 10 …: the trunk 0 is dropped internationally
	}

	switch {
	case n[0] != '0' && (len(n) == 7 || len(n) == 8):
		return "", errorf("号码只有%d位:固定电话须带区号(如0951-1234567),手机号码应为11位", len(n))
	case n[0] == '1':
		if len(n) != 11 {
			return "", errorf("手机号码应为11位,实为%d位", len(n))
		}
		if n[1] < '3' {
			return "", errorf("手机号码第2位应为3~9,实为%c", n[1])
		}
		return n, nil
	case n[0] == '0':
		return parseLandline(n)
	default:
		return "", errorf("不是有效的电话号码:手机号码应为1开头的11位数字,固定电话应为0开头的区号加7~8位号码")
	}
}

// parseLandline splits digits beginning with 0 into area code and local
// number. Chinese area codes are prefix-free by design: 010 and 02x have
// three digits, every other code four, so the split needs no table.
func parseLandline(n string) (string, error) {
	if len(n) < 2 {
		return "", errorf("区号不完整:%s", n)
	}
	areaLen := 4
	switch n[1] {
	case '0':
		return "", errorf("区号不能以00开头")
	case '1':
		if len(n) < 3 || n[2] != '0' {
			return "", errorf("区号无效:%s(01开头的区号只有010)", n[:min(3, len(n))])
		}
		areaLen = 3
	case '2':
		areaLen = 3
	}
	if len(n) <= areaLen {
		return "", errorf("固定电话缺少本地号码:区号%s之后应有7~8位号码", n)
	}
	area, local := n[:areaLen], n[areaLen:]
	if len(local) < 7 || len(local) > 8 {
		return "", errorf("区号%s之后的本地号码应为7~8位,实为%d位", area, len(local))
	}
	if local[0] == '0' {
		// A local number never starts with the trunk prefix: the area code
		// was typed twice or with its 0 doubled.
		return "", errorf("本地号码不能以0开头:%s", local)
	}
	return area + "-" + local, nil
}

// cleanPhone folds full-width forms and drops white space and the
// separators people write in telephone numbers: dashes of every width,
// brackets round the area code, dots.
func cleanPhone(s string) string {
	s = fold(s, foldNone)
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '‐', '‑', '‒', '–', '—', '―', '(', ')', '.', '·':
			return -1
		}
		return r
	}, s)
}

// MaskPhone masks a telephone number for lists and exports (personal
// information protection): a mobile keeps its first 3 and last 4 digits
// ("13912345678" → "139****5678"), a landline its area code and last 4
// digits ("0951-1234567" → "0951-***4567"). Anything that does not parse is
// still masked, keeping at most half of it visible, so that an invalid value
// in the data never leaks whole.
func MaskPhone(phone string) string {
	p, err := ParsePhone(phone)
	if err != nil {
		return maskMiddle(cleanPhone(phone), 3, 4)
	}
	if i := strings.IndexByte(p, '-'); i >= 0 {
		local := p[i+1:]
		return p[:i+1] + strings.Repeat("*", len(local)-4) + local[len(local)-4:]
	}
	return p[:3] + "****" + p[7:]
}

// MaskID masks an ID number for lists and exports, keeping the first 4
// digits (province and city, useful to recognise a non-local) and the last
// 4 (sequence and check, useful to tell namesakes apart):
// "11010519491231002X" → "1101**********002X". The birth date is always
// hidden. The input is normalised first; a shorter or invalid input keeps
// at most half of its characters visible ("12345678" → "12****78").
func MaskID(number string) string {
	return maskMiddle(NormalizeID(number), 4, 4)
}

// maskMiddle replaces the middle of s by one '*' per character, keeping head
// characters in front and tail at the end, but never more than half of s in
// all: a short value is shrunk from the larger end first, from the end on a
// tie (so a 15-digit ID keeps "1101" and the sequence "002", not a digit of
// the birth date).
func maskMiddle(s string, head, tail int) string {
	r := []rune(s)
	n := len(r)
	for head+tail > n/2 {
		if tail >= head {
			tail--
		} else {
			head--
		}
	}
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}

// isMobilePrefix reports whether n starts like a mobile number, 1 followed
// by 3–9; 10, 11 and 12 after +86 are the start of a landline (010 …).
func isMobilePrefix(n string) bool {
	return len(n) >= 2 && n[0] == '1' && n[1] >= '3' && n[1] <= '9'
}
