package geo

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// MinPopulation is the population above which Build keeps a place (capitals are kept at any
// size), as GeoNames' cities15000 does.
const MinPopulation = 15000

// Header is the first line of the gazetteer.
const Header = "geonameid\tname\tasciiname\tcountry\tadmin1\tregion\tlatitude\tlongitude\tpopulation\talternatenames"

var asciiName = regexp.MustCompile(`^[A-Z][A-Za-z .'-]*$`)

// Regions reads admin1.json into a map from "CC.code" to the region's name.
func Regions(data []byte) (map[string]string, error) {
	var list []struct{ Code, Name string }
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, err
	}
	m := make(map[string]string, len(list))
	for _, r := range list {
		m[r.Code] = r.Name
	}
	return m, nil
}

// Build writes the gazetteer: the subset of the GeoNames dump read from in (tab-separated, the 19 columns of
// GeoNames' dump files) to w.
func Build(w io.Writer, in io.Reader, regions map[string]string) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	type row struct {
		id   int
		line string
	}
	var rows []row
	n := 0
	for sc.Scan() {
		n++
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 19 {
			return fmt.Errorf("line %d: %d columns, want 19", n, len(c))
		}
		id, err := strconv.Atoi(c[0])
		if err != nil {
			return fmt.Errorf("line %d: geonameid %q: %w", n, c[0], err)
		}
		pop, _ := strconv.Atoi(c[14])
		if pop <= MinPopulation && c[7] != "PPLC" {
			continue
		}
		var alts []string
		for _, a := range strings.Split(c[3], ",") {
			if a != c[1] && a != c[2] && asciiName.MatchString(a) {
				alts = append(alts, a)
			}
		}
		sort.Strings(alts)
		alts = slices.Compact(alts)
		line := strings.Join([]string{c[0], c[1], c[2], c[8], c[10], regions[c[8]+"."+c[10]], c[4], c[5], strconv.Itoa(pop), strings.Join(alts, ",")}, "\t")
		rows = append(rows, row{id, line})
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(rows) == 0 {
		return errors.New("no place kept")
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].id < rows[j].id })
	if _, err := fmt.Fprintln(w, Header); err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := fmt.Fprintln(w, r.line); err != nil {
			return err
		}
	}
	return nil
}
