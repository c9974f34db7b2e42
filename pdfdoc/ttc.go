package pdfdoc

import (
	"encoding/binary"
	"fmt"
)

// ttcFace returns face i of a TrueType collection (.ttc) as a standalone
// TrueType font, for fpdf, which reads only single fonts: the face's
// table directory with its tables copied after it (offsets rewritten,
// each table padded to 4 bytes; the tables' own checksums stay right).
// A font that is not a collection is returned as it is.
func ttcFace(b []byte, i int) ([]byte, error) {
	if len(b) < 12 || string(b[:4]) != "ttcf" {
		return b, nil
	}
	n := int(binary.BigEndian.Uint32(b[8:12]))
	if i >= n || len(b) < 12+4*n {
		return nil, fmt.Errorf("字体集合只有%d个字形", n)
	}
	off := int(binary.BigEndian.Uint32(b[12+4*i:]))
	if off+12 > len(b) {
		return nil, fmt.Errorf("字体集合已损坏")
	}
	tables := int(binary.BigEndian.Uint16(b[off+4:]))
	dir := 12 + 16*tables
	if off+dir > len(b) {
		return nil, fmt.Errorf("字体集合已损坏")
	}
	out := make([]byte, dir, dir+len(b)/2)
	copy(out, b[off:off+dir])
	for t := 0; t < tables; t++ {
		rec := out[12+16*t:]
		start, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if start < 0 || length < 0 || start+length > len(b) {
			return nil, fmt.Errorf("字体集合已损坏")
		}
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		out = append(out, b[start:start+length]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}
