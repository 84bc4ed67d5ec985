package iri

import (
	"errors"
	"strings"
	"testing"
)

// TestCheck runs RFC 3987 absolute IRIs, valid and not, through Check.
func TestCheck(t *testing.T) {
	valid := []string{
		"http://example.org/",
		"https://www.stocksy.com/",
		"HTTPS://Example.ORG/Path?q=1#frag",
		"urn:isbn:0451450523",
		"mailto:someone@example.org",
		"tag:example.org,2026:coop",
		"file:///etc/hosts", // empty host is allowed by the generic syntax
		"http://example.org:8080/a/b;c=d/e?f=g&h=i#j",
		"http://user:pass@example.org/",
		"http://[2001:db8::1]:80/",
		"http://[::ffff:192.0.2.1]/",
		"http://[v7.fe80::a+en1]/",
		"http://192.0.2.1/",
		"http://example.org/%7Euser/%E2%82%AC",
		"http://example.org/a!$&'()*+,;=:@b",
		"http://example.org/?a=/b?c:@d",
		"http://example.org/#a:b@c/d?e",
		"https://de.wikipedia.org/wiki/Genossenschaft_(Deutschland)",
		"http://例え.テスト/パス?クエリ#断片",
		"http://example.org/\u00e9t\u00e9",
		"http://example.org/?\ue000", // iprivate: allowed in the query
		"http://www.wikidata.org/entity/Q42",
		"a+b-c.d:x",
	}
	for _, s := range valid {
		if err := Check(s); err != nil {
			t.Errorf("Check(%q) = %v, want nil", s, err)
		}
	}
	invalid := []struct {
		s    string
		want error
	}{
		{"", ErrEmpty},
		{"example.org", ErrRelative},
		{"//example.org/", ErrRelative},
		{"/relative/path", ErrRelative},
		{"1http://example.org/", ErrRelative},
		{":no-scheme", ErrRelative},
		{"ht tp://example.org/", ErrRelative},
		{"http://example.org/a b", ErrBadChar},
		{"http://exa mple.org/", ErrBadHost},
		{"http://example.org/<script>", ErrBadChar},
		{"http://example.org/>", ErrBadChar},
		{`http://example.org/"`, ErrBadChar},
		{"http://example.org/{x}", ErrBadChar},
		{"http://example.org/}", ErrBadChar},
		{"http://example.org/a|b", ErrBadChar},
		{`http://example.org/a\b`, ErrBadChar},
		{"http://example.org/a^b", ErrBadChar},
		{"http://example.org/a`b", ErrBadChar},
		{"http://example.org/\x00", ErrBadChar},
		{"http://example.org/\n", ErrBadChar},
		{"http://example.org/\t", ErrBadChar},
		{"http://example.org/\x7f", ErrBadChar},
		{"http://example.org/%zz", ErrBadEscape},
		{"http://example.org/%4", ErrBadEscape},
		{"http://example.org/a#b#c", ErrBadChar},
		{"http://example.org/\ue000", ErrBadChar}, // iprivate outside the query
		{"http://example.org/\ufffe", ErrBadChar},
		{"http://example.org/\u200f", ErrBidi},
		{"http://example.org/\u202e", ErrBidi},
		{"http://example.org/?\u2067", ErrBidi},
		{"http://example.org:80a/", ErrBadPort},
		{"http://[::1/", ErrBadHost},
		{"http://[:001:db8::1]:8080/", ErrBadHost},
		{"http://[1.2.3.4]/", ErrBadHost},
		{"http://[::1%25eth0]/", ErrBadHost},
		{"http://[v1]/", ErrBadHost},
		{"http://[vz.x]/", ErrBadHost},
		{"http://[::1]x/", ErrBadHost},
		{"http://example.org/\xff", ErrInvalidUTF8},
	}
	for _, c := range invalid {
		err := Check(c.s)
		if err == nil {
			t.Errorf("Check(%q) = nil, want %v", c.s, c.want)
			continue
		}
		if !errors.Is(err, c.want) {
			t.Errorf("Check(%q) = %v, want %v", c.s, err, c.want)
		}
	}
}

func TestCheckWeb(t *testing.T) {
	for _, s := range []string{
		"https://www.stocksy.com/",
		"http://example.org",
		"https://example.org:8443/x?y#z",
		"http://EXAMPLE.ORG/",
		"https://example.org/\u00e9x/\u3042?q=\u00f6",
		"http://example.org:8080/",
		"https://example.org:80/",
		"https://[2001:db8::1]/",
		"http://例え.テスト/パス",
		"https://xn--nsty-loa.test/",
		"https://bücher.example./",
		"http://192.0.2.1:8080/",
		"http://192.0.2.1",
		"https://my_site.example.org/",
		"https://a1.b2c/",
	} {
		if err := CheckWeb(s); err != nil {
			t.Errorf("CheckWeb(%q) = %v", s, err)
		}
	}
	for _, c := range []struct {
		s    string
		want error
	}{
		{"javascript:alert(1)", ErrBadScheme},
		{"JavaScript:alert(document.cookie)", ErrBadScheme},
		{"data:text/html,<script>alert(1)</script>", ErrBadScheme},
		{"data:text/html;base64,PHNjcmlwdD4=", ErrBadScheme},
		{"file:///etc/passwd", ErrBadScheme},
		{"ftp://example.org/", ErrBadScheme},
		{"mailto:a@example.org", ErrBadScheme},
		{"https:example.org", ErrBadHost},
		{"https://", ErrBadHost},
		{"https:///path", ErrBadHost},
		{"https://:80/", ErrBadHost},
		{"https://bank.example@evil.example/", ErrUserinfo},
		{"https://user:pw@example.org/", ErrUserinfo},
		{"www.example.org", ErrRelative},
		{"https://example.org/a b", ErrBadChar},
		{"http://😀", ErrBadDomain},
		{"http://example.org:/", ErrBadPort},
		{"http://example.org:0/", ErrBadPort},
		{"http://example.org:65536/", ErrBadPort},
		{"http://[::1]:/", ErrBadPort},
		{"http://example.org:80/", ErrNotNormal},
		{"https://example.org:443/x", ErrNotNormal},
		{"HTTPS://example.org/", ErrNotNormal},
		{"Http://example.org/", ErrNotNormal},
		{"https://example.org/\u3000", ErrBadChar},
		{"https://example.org/?\ue000", ErrBadChar},
		{"https://example.org/\U0001F600", ErrBadChar},
		{"http://a!b.org/", ErrBadDomain},
		{"http://a%41.org/", ErrBadDomain},
		{"http://-a.org/", ErrBadDomain},
		{"http://a..org/", ErrBadDomain},
		{"http://" + strings.Repeat("a", 64) + ".org/", ErrBadDomain},
	} {
		err := CheckWeb(c.s)
		if !errors.Is(err, c.want) {
			t.Errorf("CheckWeb(%q) = %v, want %v", c.s, err, c.want)
		}
	}
}

// TestCheckLang runs BCP 47 (RFC 5646) tags through CheckLang, among them the examples of the
// RFC's appendix A.
func TestCheckLang(t *testing.T) {
	for _, s := range []string{
		"en", "de", "EN", "fr-CA", "zh-Hant", "zh-Hant-TW", "zh-yue-HK", "sr-Latn-RS", "de-CH-1996",
		"sl-rozaj", "sl-rozaj-biske", "sl-IT-nedis", "hy-Latn-IT-arevela", "es-419", "en-US-x-twain",
		"de-DE-u-co-phonebk", "en-a-bbb-x-a-ccc", "x-whatever", "qaa-Qaaa-QM-x-southern",
		"i-klingon", "en-GB-oed", "zh-min-nan", "art-lojban", "ast", "zh-cmn-Hans-CN", "de-1996",
	} {
		if err := CheckLang(s); err != nil {
			t.Errorf("CheckLang(%q) = %v, want nil", s, err)
		}
	}
	for _, s := range []string{
		"", "e", "english", "engl", "en_US", "en-", "-en", "en--US", "en-US-", "1en", "en-a",
		"en-a-bbb-a-ccc", "de-419-DE", "sl-rozaj-rozaj", "x", "en-x", "en-US-toolongsubtag",
		"en US", "en.US", "zh-Hant-TW-", "ab-abcdefghi", "é", "en\x00",
	} {
		if err := CheckLang(s); !errors.Is(err, ErrBadLangTag) {
			t.Errorf("CheckLang(%q) = %v, want ErrBadLangTag", s, err)
		}
	}
}

func TestHost(t *testing.T) {
	for _, c := range []struct {
		s, host string
	}{
		{"https://user@Example.org:8080/x", "example.org"},
		{"https://www.stocksy.com/", "www.stocksy.com"},
		{"https://docs.example/x", "docs.example"},
		{"https://a.example.com", "a.example.com"},
		{"https://example.org./", "example.org"},
		{"https://notexample.org/", "notexample.org"},
		{"https://example.org.evil.net/", "example.org.evil.net"},
		{"http://[2001:db8::1]:80/", "[2001:db8::1]"},
		{"urn:isbn:1", ""},
		{"mailto:a@example.org", ""},
	} {
		if h := Host(c.s); h != c.host {
			t.Errorf("Host(%q) = %q, want %q", c.s, h, c.host)
		}
	}
}

func TestSiteKey(t *testing.T) {
	same := [][]string{
		{"https://www.stocksy.com/", "http://stocksy.com", "HTTPS://WWW.Stocksy.COM/#top", "https://stocksy.com:443/"},
		{"https://example.org/a/", "https://example.org/a"},
	}
	for _, g := range same {
		for _, s := range g[1:] {
			if SiteKey(s) != SiteKey(g[0]) {
				t.Errorf("SiteKey(%q) = %q, SiteKey(%q) = %q: want equal", s, SiteKey(s), g[0], SiteKey(g[0]))
			}
		}
	}
	for _, p := range [][2]string{
		{"https://stocksy.com/", "https://stocksy.ca/"},
		{"https://example.org/a", "https://example.org/b"},
		{"https://example.org/?x=1", "https://example.org/?x=2"},
		{"https://example.org/A", "https://example.org/a"},
	} {
		if SiteKey(p[0]) == SiteKey(p[1]) {
			t.Errorf("SiteKey(%q) == SiteKey(%q) = %q: want different", p[0], p[1], SiteKey(p[0]))
		}
	}
}
