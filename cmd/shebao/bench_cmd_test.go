package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The bench command runs a named benchmark on the engine of --db and
// reports its ratio to the raw engine; a tiny run checks the wiring.
func TestBenchCommand(t *testing.T) {
	if _, errOut, code := cli(t, "", "bench", "nosuch"); code != 2 || !strings.Contains(errOut, "用法") {
		t.Errorf("unknown benchmark: %d %s", code, errOut)
	}
	out, errOut, code := cli(t, "", "bench", "interest", "--rows", "300", "--dir", t.TempDir(), "--json")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	var res struct {
		Results []struct {
			Name      string  `json:"name"`
			Engine    string  `json:"engine"`
			Ratio     float64 `json:"ratio"`
			Floor     float64 `json:"ratio_to_floor"`
			PeakRSSMB float64 `json:"peak_rss_mb"`
			Detail    struct {
				TotalsEqual bool `json:"totals_equal"`
			} `json:"detail"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(res.Results) != 1 || res.Results[0].Name != "interest" || res.Results[0].Engine != "sqlite" || res.Results[0].Ratio <= 0 ||
		res.Results[0].Floor <= 0 || !res.Results[0].Detail.TotalsEqual {
		t.Errorf("%s", out)
	}
	// The text output prints the two ratios first, before the rates.
	out, errOut, code = cli(t, "", "bench", "interest", "--rows", "300", "--dir", t.TempDir())
	raw, floor, rate := strings.Index(out, "比率(shebao÷原生)"), strings.Index(out, "比率(shebao÷底线)"), strings.Index(out, "行/秒")
	if code != 0 || raw < 0 || floor < raw || rate < floor {
		t.Errorf("%d %s %s", code, out, errOut)
	}
}
