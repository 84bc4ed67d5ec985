package synth

// The word lists records are drawn from. Places are real towns with the approximate position of
// their centre; everything said of them in a record is synthetic.

type place struct {
	locality, region, country string
	lat, long                 float64
}

var places = []place{
	{"Ghent", "East Flanders", "BE", 51.054, 3.717},
	{"Antwerp", "Antwerp", "BE", 51.219, 4.402},
	{"Berlin", "", "DE", 52.520, 13.405},
	{"Leipzig", "Saxony", "DE", 51.340, 12.375},
	{"Köln", "North Rhine-Westphalia", "DE", 50.938, 6.960},
	{"Barcelona", "Catalonia", "ES", 41.387, 2.170},
	{"Bilbao", "Basque Country", "ES", 43.263, -2.935},
	{"Lyon", "Auvergne-Rhône-Alpes", "FR", 45.764, 4.836},
	{"Nantes", "Pays de la Loire", "FR", 47.218, -1.554},
	{"Bologna", "Emilia-Romagna", "IT", 44.494, 11.343},
	{"Utrecht", "Utrecht", "NL", 52.091, 5.122},
	{"Manchester", "England", "GB", 53.480, -2.243},
	{"Glasgow", "Scotland", "GB", 55.864, -4.252},
	{"Cardiff", "Wales", "GB", 51.481, -3.179},
	{"Dublin", "Leinster", "IE", 53.350, -6.260},
	{"Tallinn", "Harju County", "EE", 59.437, 24.754},
	{"Kraków", "Lesser Poland", "PL", 50.065, 19.945},
	{"Porto", "", "PT", 41.158, -8.629},
	{"Zürich", "Zürich", "CH", 47.377, 8.541},
	{"Malmö", "Skåne", "SE", 55.605, 13.004},
	{"Montréal", "Quebec", "CA", 45.502, -73.567},
	{"Victoria", "British Columbia", "CA", 48.428, -123.365},
	{"Oakland", "California", "US", 37.804, -122.271},
	{"Madison", "Wisconsin", "US", 43.073, -89.401},
	{"Cleveland", "Ohio", "US", 41.499, -81.694},
	{"São Paulo", "São Paulo", "BR", -23.551, -46.633},
	{"Rosario", "Santa Fe", "AR", -32.945, -60.650},
	{"Seoul", "", "KR", 37.566, 126.978},
	{"Taipei", "", "TW", 25.033, 121.565},
	{"Nairobi", "", "KE", -1.286, 36.817},
	{"Melbourne", "Victoria", "AU", -37.814, 144.963},
	{"Wellington", "", "NZ", -41.287, 174.776},
}

type trade struct {
	noun, title, sector string
	what                map[string]string // what the co-op does, per language of descriptions
}

var trades = []trade{
	{"riders", "Riders", "transportation", map[string]string{"en": "bicycle delivery", "de": "Fahrradkurierdienste", "fr": "livraison à vélo", "es": "reparto en bicicleta", "nl": "fietskoeriersdiensten", "zh-Hant-TW": "自行車外送", "ar": "التوصيل بالدراجات", "ko": "자전거 배달"}},
	{"drivers", "Drivers", "transportation", map[string]string{"en": "ride hailing", "de": "Fahrdienste", "fr": "transport de personnes", "es": "transporte de pasajeros", "nl": "personenvervoer", "zh-Hant-TW": "叫車服務", "ar": "خدمات النقل", "ko": "차량 호출"}},
	{"photographers", "Photographers", "photography", map[string]string{"en": "stock photography", "de": "Stockfotografie", "fr": "photographie d'illustration", "es": "fotografía de archivo", "nl": "stockfotografie", "zh-Hant-TW": "圖庫攝影", "ar": "التصوير الفوتوغرافي", "ko": "스톡 사진"}},
	{"musicians", "Musicians", "music", map[string]string{"en": "music streaming", "de": "Musikstreaming", "fr": "diffusion de musique", "es": "música en streaming", "nl": "muziekstreaming", "zh-Hant-TW": "音樂串流", "ar": "بث الموسيقى", "ko": "음악 스트리밍"}},
	{"hosts", "Hosts", "accommodation", map[string]string{"en": "short-term home rentals", "de": "Ferienwohnungen", "fr": "locations de courte durée", "es": "alquileres de corta estancia", "nl": "kortverblijf", "zh-Hant-TW": "短期住宿", "ar": "الإيجار قصير الأمد", "ko": "단기 숙박"}},
	{"makers", "Makers", "trade", map[string]string{"en": "an online marketplace", "de": "einen Online-Marktplatz", "fr": "une place de marché en ligne", "es": "un mercado en línea", "nl": "een online marktplaats", "zh-Hant-TW": "線上市集", "ar": "سوق إلكتروني", "ko": "온라인 장터"}},
	{"care-workers", "Care Workers", "labor", map[string]string{"en": "home care", "de": "häusliche Pflege", "fr": "soins à domicile", "es": "cuidados a domicilio", "nl": "thuiszorg", "zh-Hant-TW": "居家照護", "ar": "الرعاية المنزلية", "ko": "재가 돌봄"}},
	{"cleaners", "Cleaners", "labor", map[string]string{"en": "house cleaning", "de": "Reinigungsdienste", "fr": "ménage", "es": "limpieza", "nl": "schoonmaak", "zh-Hant-TW": "清潔服務", "ar": "التنظيف", "ko": "청소 서비스"}},
	{"reporters", "Reporters", "media", map[string]string{"en": "local news", "de": "Lokaljournalismus", "fr": "information locale", "es": "noticias locales", "nl": "lokaal nieuws", "zh-Hant-TW": "地方新聞", "ar": "الأخبار المحلية", "ko": "지역 뉴스"}},
	{"filmmakers", "Filmmakers", "film", map[string]string{"en": "film distribution", "de": "Filmverleih", "fr": "distribution de films", "es": "distribución de cine", "nl": "filmdistributie", "zh-Hant-TW": "電影發行", "ar": "توزيع الأفلام", "ko": "영화 배급"}},
	{"artists", "Artists", "art", map[string]string{"en": "shared administration for artists", "de": "gemeinsame Verwaltung für Kunstschaffende", "fr": "administration partagée pour artistes", "es": "administración compartida para artistas", "nl": "gedeelde administratie voor kunstenaars", "zh-Hant-TW": "藝術家共享行政", "ar": "إدارة مشتركة للفنانين", "ko": "예술가 공동 행정"}},
	{"data", "Data", "data", map[string]string{"en": "member-owned health data", "de": "Gesundheitsdaten in Mitgliederhand", "fr": "données de santé détenues par leurs membres", "es": "datos de salud de sus socios", "nl": "gezondheidsgegevens in eigen beheer", "zh-Hant-TW": "會員自有的健康資料", "ar": "البيانات الصحية المملوكة للأعضاء", "ko": "조합원 소유 건강 데이터"}},
	{"hosting", "Hosting", "hosting", map[string]string{"en": "web hosting", "de": "Webhosting", "fr": "hébergement web", "es": "alojamiento web", "nl": "webhosting", "zh-Hant-TW": "網站代管", "ar": "استضافة المواقع", "ko": "웹 호스팅"}},
	{"lenders", "Lenders", "finance", map[string]string{"en": "community lending", "de": "Gemeinschaftskredite", "fr": "prêts solidaires", "es": "préstamos comunitarios", "nl": "gemeenschapsleningen", "zh-Hant-TW": "社區借貸", "ar": "الإقراض المجتمعي", "ko": "공동체 대출"}},
	{"directory", "Directory", "directories", map[string]string{"en": "a directory of co-operatives", "de": "ein Verzeichnis von Genossenschaften", "fr": "un annuaire de coopératives", "es": "un directorio de cooperativas", "nl": "een gids van coöperaties", "zh-Hant-TW": "合作社名錄", "ar": "دليل التعاونيات", "ko": "협동조합 목록"}},
	{"builders", "Platform Builders", "cooperatives", map[string]string{"en": "software for other co-operatives", "de": "Software für andere Genossenschaften", "fr": "des logiciels pour d'autres coopératives", "es": "software para otras cooperativas", "nl": "software voor andere coöperaties", "zh-Hant-TW": "為其他合作社開發軟體", "ar": "برمجيات لتعاونيات أخرى", "ko": "다른 협동조합을 위한 소프트웨어"}},
}

// forms make a name of a town and a trade.
var forms = []string{
	"%s %s Co-operative",
	"%s %s Co-op",
	"%s %s Collective",
	"%s %s Cooperative Association",
	"%s %s' Platform",
	"The %s %s Guild",
}

var types = []string{"labor-brokerage", "produser-owned", "city-owned", "union-backed"}

var statuses = []string{"operating", "proposed", "closed"}

var statusWeights = []int{80, 15, 5}

var sourceWeights = []int{50, 35, 15} // one, two or three sources

var sectors = []string{"accommodation", "art", "cooperatives", "data", "directories", "film", "finance", "hosting", "labor", "media", "music", "photography", "trade", "transportation"}

var members = []string{"founder", "investor", "organisation", "patron", "producer", "resident", "user", "worker"}

var otherLangs = []string{"de", "fr", "es", "nl", "zh-Hant-TW", "ar", "ko"}

var streets = []string{"Market Street", "Station Road", "Rue de la Paix", "Hauptstraße", "Calle Mayor", "Via Roma", "Kerkstraat", "High Street", "Rua Augusta", "Ulica Długa"}

var descriptions = map[string][]string{
	"en": {
		"{name} is a platform co-operative for {what} in {place}, owned and governed by the people who work on it.",
		"A member-owned platform for {what}, based in {place}. Members share the income and elect the board.",
		"{name} offers {what} as a co-operative: one member, one vote, and the surplus returned to the members who create the value.",
	},
	"de":         {"{name} ist eine Plattformgenossenschaft für {what} in {place}, im Besitz ihrer Mitglieder.", "Eine genossenschaftliche Plattform für {what} mit Sitz in {place}."},
	"fr":         {"{name} est une coopérative de plateforme pour {what} à {place}, détenue par ses membres.", "Une plateforme coopérative de {what}, basée à {place}."},
	"es":         {"{name} es una cooperativa de plataforma de {what} en {place}, propiedad de sus socios.", "Una plataforma cooperativa de {what} con sede en {place}."},
	"nl":         {"{name} is een platformcoöperatie voor {what} in {place}, eigendom van haar leden.", "Een coöperatief platform voor {what} in {place}."},
	"zh-Hant-TW": {"{name}是位於{place}的{what}平台合作社，由成員共同擁有。", "一個以{place}為基地、提供{what}的合作社平台。"},
	"ar":         {"{name} تعاونية منصة في {place} تقدم {what}، يملكها أعضاؤها.", "منصة تعاونية في {place} تقدم {what}."},
	"ko":         {"{name}는 {place}에 있는 {what} 플랫폼 협동조합으로, 조합원이 소유합니다.", "{place}에 기반을 둔 {what} 협동조합 플랫폼입니다."},
}

var quotes = []string{
	"{name} is listed as a platform co-operative owned by its members.",
	"Synthetic source: the members of {name} own the platform and share its income.",
	"A co-operative platform, governed one member one vote.",
	"The platform is run by its workers and users together.",
}

var filler = []string{"co-operative", "platform", "members", "governance", "democratic", "ownership", "surplus", "workers", "users", "patronage", "federation", "solidarity", "commons", "open", "data", "the", "of", "and", "for", "with"}

// Nasty are strings a record may hold that look like syntax of the formats written, or that
// parsers and terminals often get wrong. They are valid: each must come back unchanged.
var Nasty = []string{
	`She said "hi" and 'bye'`,
	`"""triple-quoted""" and '''single''' and """`,
	`back\slash \\ double \" escaped-quote \n \t \r written out`,
	"line one\nline two\r\nline three\rline four",
	"tab\there\t\tand there",
	`\u0000 \U0001F600 \x00 \0 \uD800 written literally`,
	"right-to-left \u05e9\u05dc\u05d5\u05dd \u200f mark \u202e override \u202c \u2066isolate\u2069",
	"emoji \U0001F600 \U0001F469\U0001F3FD\u200D\U0001F4BB \U0001F3F3\uFE0F\u200D\U0001F308 \U0001D518\U0001D52B\U0001D526",
	"combining e\u0301 a\u0308\u0323 Z\u0324\u0354\u0367\u0311\u0343a\u0308\u0356\u032d l\u036e\u0312\u036b",
	"zero\u200bwidth\ufeffnbsp\u00a0soft\u00adhyphen",
	`x" . <http://evil.example/s> <http://evil.example/p> "y`,
	`x""" ; <http://evil.example/p> """y`,
	`x' . _:b <http://evil.example/p> 'y`,
	"x\" .\n<http://evil.example/s> <http://evil.example/p> \"y\" .\n",
	"@prefix evil: <http://evil.example/> .\nevil:s evil:p evil:o .",
	`x"^^<http://www.w3.org/2001/XMLSchema#integer> . <http://evil.example/s> <http://evil.example/p> "1`,
	`x"@en . <http://evil.example/s> <http://evil.example/p> "y`,
	`{"@id": "http://evil.example/s", "http://evil.example/p": "y"}`,
	`"}, {"@id": "http://evil.example/x", "@type": "http://evil.example/T`,
	`{"@context": {"@vocab": "http://evil.example/"}, "@graph": []}`,
	`{"@value": "x", "@language": "en"}`,
	"@id",
	"_:b0",
	"</script><script>alert(1)</script><!-- -->",
	"line\u2028separator\u2029paragraph",
	"percent %20 %zz %",
	"  padded with spaces  ",
	"null",
	"true",
	"0",
	"# not a comment",
	"- not a list",
	"key: not a mapping",
}

// NastyIRIs are web addresses that are valid absolute http(s) IRIs but hold characters some
// writer might mishandle.
var NastyIRIs = []string{
	"https://nasty.test/a(b)c;d=e&f='g'!*+,$~",
	"https://nasty.test/%22%3E%20%3C%5C%7B%7D%7e%41",
	"https://nasty.test/\u00fcn\u00efcode/\u65e5\u672c?q=\u00f6&r=/?#frag:@/?",
	"https://nasty.test/path/with:colon@at",
	"http://192.0.2.1:8080/?x=\u00e9",
	"https://n\u00e4sty.test/e\u0301",
	"https://xn--nsty-loa.test/",
	"https://nasty.test/a#b",
	"https://NASTY.TEST/UPPER",
	"http://[2001:db8::1]:8080/",
	"https://a---b.nasty.test/",
	"http://192.0.2.255/x",
	"https://a.b_c.test/",
}
