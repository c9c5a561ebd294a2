package main

//go:generate go run . -o ../../../testdata/bench/notes.jsonl

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

// Person is a known identity, as anonymize.Person encodes it.
type Person struct {
	Name     string `json:"name"`
	Email    string `json:"email,omitempty"`
	Username string `json:"username,omitempty"`
}

// Note is one line of the corpus: a free text with the known identities of
// its packet (the candidate and every interviewer of that candidate).
type Note struct {
	ID           string   `json:"id"`
	Packet       string   `json:"packet"`
	Field        string   `json:"field"` // notes, evaluation or attribute
	Author       int      `json:"author"`
	Candidate    Person   `json:"candidate"`
	Interviewers []Person `json:"interviewers"`
	Text         string   `json:"text"`
}

type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int          { return int(r.next() % uint64(n)) }
func (r *rng) chance(p int) bool       { return r.intn(100) < p }
func (r *rng) pick(xs []string) string { return xs[r.intn(len(xs))] }

func main() {
	out := flag.String("o", "notes.jsonl", "output `FILE`")
	n := flag.Int("n", 1000, "number of notes")
	seed := flag.Uint64("seed", 20240611, "seed")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, note := range generate(*n, *seed) {
		if err := enc.Encode(note); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

var (
	femaleFirst = []string{"Maria", "Grace", "Aisling", "Nomvula", "Anjali", "Solveig", "Chiamaka", "Yuki", "Ingrid",
		"Fatima", "Priya", "Zofia", "Élodie", "Thandiwe", "Hope", "June", "Katherine", "Elizabeth", "Samantha",
		"Leilani", "Mei", "Oluwaseun", "Dagny", "Renée", "Siobhan", "Ana Beatriz", "Tamar", "Keiko", "Amara", "Lucía"}
	maleFirst = []string{"Desmond", "Rasmus", "Kwabena", "Efosa", "Venkataraman", "Mateo", "Jürgen", "William",
		"Robert", "Alexander", "Tomasz", "Hiroshi", "Farouk", "Eitan", "Björn", "Obinna", "Santiago", "Arjun",
		"Will", "Mark", "Drew", "Hunter", "Kenji", "Dmitri", "Nikolai", "Ciarán", "Rafael", "Jonathan", "Luca", "Idris"}
	lastNames = []string{"Lopez", "Achterberg", "Kjærgaard", "Deshpande", "Amadi", "Sithole", "Oyelaran", "Watanabe",
		"Wierzbicki", "Prado-Silva", "Haddad", "Shafir", "Nakamura", "Okonkwo", "Van den Berg", "Moreau", "Novak",
		"Fitzgerald", "Bloom", "Rich", "Stone", "Ó Súilleabháin", "Mensah", "Castellanos", "Lindqvist", "Petrović",
		"Grünewald", "Nguyen", "Abiodun", "Kowalczyk", "Brennan", "Takahashi", "Iyer", "Al-Rashid", "Henriksen"}
	nicknames = map[string][]string{"William": {"Will", "Bill", "Liam"}, "Robert": {"Bob", "Rob"},
		"Alexander": {"Sasha", "Alex"}, "Katherine": {"Kate", "Katie"}, "Elizabeth": {"Liz", "Beth"},
		"Samantha": {"Sam"}, "Jonathan": {"Jon"}, "Kwabena": {"Kobby"}, "Efosa": {"Fosa"}, "Venkataraman": {"Venkat"},
		"Thandiwe": {"Thandi"}, "Oluwaseun": {"Seun"}}
	others = []string{"Farah Qureshi", "Marco Bellini", "Hannah Okafor", "Lars Eriksson", "Priyanka Rao",
		"Gabriel Souza", "Naomi Feldman", "Tobias Keller", "Adaeze Nwosu", "Jun Watanabe", "Carmen Ortega",
		"Pavel Dvořák", "Imogen Hart", "Kofi Boateng", "Sunita Menon"}
	cities    = []string{"Lagos", "Lisbon", "Toronto", "Houston", "Nairobi", "Kraków", "Osaka", "Bangalore", "Dublin", "Austin", "Montreal", "Accra", "Seoul", "Porto", "Denver"}
	countries = []string{"Nigeria", "Portugal", "Canada", "Kenya", "Poland", "Japan", "India", "Ireland", "Brazil", "Ghana", "Germany", "Vietnam"}
	schools   = []string{"Stanford", "the University of Lagos", "TU Delft", "IIT Bombay", "McGill", "Trinity College Dublin", "Georgia Tech", "the University of Nairobi", "ETH Zürich", "Waterloo"}
	companies = []string{"Stripe", "Shopify", "Flutterwave", "Spotify", "Zalando", "Atlassian", "Datadog", "Monzo", "Rakuten", "Infosys"}
	langs     = []string{"Go", "Rust", "Python", "TypeScript", "Java", "Kotlin", "C++", "Elixir", "Scala", "Ruby"}
	tech      = []string{"Kafka", "Kubernetes", "PostgreSQL", "Redis", "React", "gRPC", "Terraform", "Elasticsearch", "DynamoDB", "RabbitMQ", "Spark", "Airflow", "GraphQL", "Docker", "Prometheus"}
	problems  = []string{"an LRU cache", "a rate limiter", "a URL shortener", "a job scheduler", "a consistent-hashing ring", "an interval tree", "a trie for autocomplete", "a token-bucket limiter", "a bounded blocking queue", "Dijkstra on a grid", "a merge of k sorted lists", "a Bloom filter", "a log-structured key-value store", "a chat service with presence", "a feed ranking service"}
	levels    = []string{"L3", "L4", "L5", "L6", "Senior", "Staff"}
	verdicts  = []string{"Strong hire", "Hire", "Lean hire", "Lean no hire", "No hire"}
	cats      = []string{"Coding", "System design", "Communication", "Testing", "Debugging", "Collaboration"}
)

type pron struct{ subj, obj, poss, refl string }

var (
	she = pron{"she", "her", "her", "herself"}
	he  = pron{"he", "him", "his", "himself"}
)

func cap1(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func first(p Person) string { return strings.SplitN(p.Name, " ", 2)[0] }

func last(p Person) string {
	parts := strings.Fields(p.Name)
	if strings.HasPrefix(p.Name, "Ana Beatriz") {
		return strings.Join(parts[2:], " ")
	}
	return strings.Join(parts[1:], " ")
}

var asciiFold = strings.NewReplacer("á", "a", "à", "a", "ã", "a", "é", "e", "è", "e", "ë", "e", "í", "i", "ó", "o",
	"ö", "o", "ø", "o", "ú", "u", "ü", "u", "ñ", "n", "ć", "c", "č", "c", "ř", "r", "ż", "z", "æ", "ae", "ß", "ss",
	"Ó", "o", "É", "e", " ", ".", "'", "")

func emailOf(name, domain string) string {
	return strings.ToLower(asciiFold.Replace(name)) + "@" + domain
}

func person(r *rng, female bool, domain string, interviewer bool) Person {
	fn := r.pick(maleFirst)
	if female {
		fn = r.pick(femaleFirst)
	}
	name := fn + " " + r.pick(lastNames)
	p := Person{Name: name, Email: emailOf(name, domain)}
	if interviewer {
		p.Username = strings.ToLower(asciiFold.Replace(fn[:1] + strings.Fields(name)[len(strings.Fields(name))-1]))
	}
	return p
}

// writer collects one note's text in a format (markdown, html, plain).
type writer struct {
	r      *rng
	b      strings.Builder
	format int // 0 markdown, 1 html, 2 plain
	c      Person
	p      pron
	ivs    []Person
	author int
}

func (w *writer) para(s string) {
	switch w.format {
	case 1:
		w.b.WriteString("<p>" + s + "</p>\n")
	default:
		w.b.WriteString(s + "\n\n")
	}
}

func (w *writer) list(items []string) {
	switch w.format {
	case 0:
		for _, it := range items {
			w.b.WriteString("- " + it + "\n")
		}
		w.b.WriteString("\n")
	case 1:
		w.b.WriteString("<ul>")
		for _, it := range items {
			w.b.WriteString("<li>" + it + "</li>")
		}
		w.b.WriteString("</ul>\n")
	default:
		for _, it := range items {
			w.b.WriteString("* " + it + "\n")
		}
		w.b.WriteString("\n")
	}
}

func (w *writer) code(s string) string { return w.inline(s, "`", "`", "<code>", "</code>") }

func (w *writer) bold(s string) string { return w.inline(s, "**", "**", "<b>", "</b>") }

// inline marks s up in the writer's format: between md and mdEnd in
// Markdown, html and htmlEnd in HTML, not at all in plain text.
func (w *writer) inline(s, md, mdEnd, html, htmlEnd string) string {
	switch w.format {
	case 0:
		return md + s + mdEnd
	case 1:
		return html + s + htmlEnd
	}
	return s
}

func (w *writer) heading(s string) {
	switch w.format {
	case 0:
		w.b.WriteString("## " + s + "\n\n")
	case 1:
		w.b.WriteString("<h3>" + s + "</h3>\n")
	default:
		w.b.WriteString(strings.ToUpper(s) + "\n\n")
	}
}

// name is a mention of the candidate: full name, first, last, possessive,
// nickname, all caps, or accent-folded.
func (w *writer) name() string {
	r, c := w.r, w.c
	switch r.intn(10) {
	case 0:
		return c.Name
	case 1, 2, 3, 4:
		return first(c)
	case 5:
		return last(c)
	case 6:
		if ns := nicknames[first(c)]; len(ns) > 0 {
			return r.pick(ns)
		}
		return first(c)
	case 7:
		return strings.ToUpper(first(c))
	case 8:
		return asciiFold.Replace(first(c))
	}
	return "the candidate"
}

func (w *writer) iv() string {
	i := w.r.intn(len(w.ivs))
	if i == w.author && len(w.ivs) > 1 {
		i = (i + 1) % len(w.ivs)
	}
	if w.r.chance(50) {
		return first(w.ivs[i])
	}
	return w.ivs[i].Name
}

func (w *writer) sentences() []string {
	r, p := w.r, w.p
	S, O, P, R := cap1(p.subj), p.obj, p.poss, p.refl
	verbs := func(v string) string { return v } // third person forms written out
	lang, prob, t1, t2 := r.pick(langs), r.pick(problems), r.pick(tech), r.pick(tech)
	n := w.name()
	return []string{
		fmt.Sprintf("%s started by asking clarifying questions about %s and wrote down the constraints before coding.", n, prob),
		fmt.Sprintf("%s %s the solution in %s and explained the trade-offs of %s against %s clearly.", S, verbs("implemented"), lang, t1, t2),
		fmt.Sprintf("When I pushed on failure modes, %s quickly identified that the %s consumer could lose messages and proposed idempotent writes.", p.subj, t1),
		fmt.Sprintf("I liked %s approach to testing: %s wrote table-driven tests before touching the edge cases.", P, p.subj),
		fmt.Sprintf("%s is clearly comfortable with %s; %s has shipped it in production at %s for three years.", S, t1, p.subj, r.pick(companies)),
		fmt.Sprintf("%s mentioned %s moved from %s last year and is based in %s now.", n, p.subj, r.pick(cities), r.pick(cities)),
		fmt.Sprintf("%s was referred by %s, who worked with %s at %s.", n, r.pick(others), O, r.pick(companies)),
		fmt.Sprintf("%s studied at %s and did an internship in %s.", S, r.pick(schools), r.pick(countries)),
		fmt.Sprintf("%s said %s former manager, %s, pushed %s to own the on-call rotation.", S, P, r.pick(others), O),
		fmt.Sprintf("Complexity analysis was correct: O(n log n) time and O(n) space, and %s caught the off-by-one %s.", p.subj, R),
		fmt.Sprintf("%s asked me how we run %s at scale; I told %s about our %s setup.", S, t2, O, t1),
		fmt.Sprintf("%s got stuck on the concurrency part for about ten minutes but recovered without hints.", n),
		fmt.Sprintf("Communication was strong: %s narrated %s thinking and checked in with me before big changes.", p.subj, P),
		fmt.Sprintf("%s's design used %s for the queue and %s for storage, with a clear sharding story.", n, t1, t2),
		fmt.Sprintf("%s debrief with %s: we agree on the coding score but differ on design.", cap1(w.r.pick([]string{"Quick", "Short", "Joint"})), w.iv()),
		fmt.Sprintf("As %s noted in the earlier round, %s tends to jump into code early.", w.iv(), p.subj),
		fmt.Sprintf("%s handled the follow-up on backpressure well and %s explained why %s preferred bounded channels.", S, p.subj, p.subj),
		fmt.Sprintf("Reach %s at %s or %s if scheduling changes.", O, w.c.Email, w.phone()),
		fmt.Sprintf("%s portfolio is at https://github.com/%s and %s blog covers %s internals.", cap1(P), strings.ToLower(asciiFold.Replace(first(w.c))), P, t1),
		fmt.Sprintf("Dr. %s from %s's team joined for the last ten minutes.", strings.Fields(r.pick(others))[1], r.pick(others)),
		fmt.Sprintf("Overall %s is a strong engineer; I would be happy to work with %s on the %s migration.", p.subj, O, t2),
		fmt.Sprintf("%s didn't know %s well but reasoned from first principles about the write path.", S, t2),
		fmt.Sprintf("The candidate's %s was idiomatic and the error handling was thorough.", lang),
		fmt.Sprintf("We spent the last part on %s; the hints I gave were minor.", prob),
	}
}

func (w *writer) phone() string {
	r := w.r
	switch r.intn(3) {
	case 0:
		return fmt.Sprintf("+1 (%03d) %03d-%04d", 200+r.intn(700), 100+r.intn(900), r.intn(10000))
	case 1:
		return fmt.Sprintf("+44 20 %04d %04d", r.intn(10000), r.intn(10000))
	}
	return fmt.Sprintf("+234 %03d %03d %04d", 800+r.intn(100), r.intn(1000), r.intn(10000))
}

func (w *writer) codeBlock() {
	r := w.r
	user := strings.ToLower(asciiFold.Replace(first(w.c)))
	snippets := []string{
		"func (c *LRU) Get(key string) (int, bool) {\n\tif e, ok := c.items[key]; ok {\n\t\tc.order.MoveToFront(e)\n\t\treturn e.Value.(*entry).val, true\n\t}\n\treturn 0, false\n}",
		"def allow(self, now):\n    # TODO(" + user + "): refill lazily\n    self.tokens = min(self.cap, self.tokens + (now - self.last) * self.rate)\n    self.last = now\n    return self.tokens >= 1",
		"SELECT user_id, count(*) AS n\nFROM events\nWHERE ts > now() - interval '1 day'\nGROUP BY user_id\nORDER BY n DESC\nLIMIT 10;",
		"fn shard(key: &str, n: usize) -> usize {\n    let mut h = DefaultHasher::new();\n    key.hash(&mut h);\n    (h.finish() as usize) % n\n}",
	}
	s := snippets[r.intn(len(snippets))]
	switch w.format {
	case 1:
		w.b.WriteString("<pre><code>" + strings.ReplaceAll(strings.ReplaceAll(s, "<", "&lt;"), ">", "&gt;") + "</code></pre>\n")
	default:
		w.b.WriteString("```\n" + s + "\n```\n\n")
	}
}

func (w *writer) note(target int) string {
	r := w.r
	if r.chance(60) {
		w.heading(r.pick(cats) + " interview")
	}
	for w.b.Len() < target {
		ss := w.sentences()
		switch r.intn(6) {
		case 0:
			var items []string
			for k := 0; k < 2+r.intn(3); k++ {
				s := ss[r.intn(len(ss))]
				if r.chance(30) {
					s = w.bold(strings.SplitN(s, " ", 2)[0]) + " " + strings.SplitN(s, " ", 2)[1]
				}
				items = append(items, s)
			}
			w.list(items)
		case 1:
			if r.chance(50) {
				w.codeBlock()
			} else {
				w.para(fmt.Sprintf("%s used %s and %s; see %s.", w.name(), w.code(r.pick([]string{"sync.Mutex", "container/list", "heapq", "tokio::select!", "Arc<RwLock<T>>"})),
					w.code(r.pick([]string{"context.WithTimeout", "functools.lru_cache", "BTreeMap", "ConcurrentHashMap"})), w.link()))
			}
		default:
			var sb []string
			for k := 0; k < 2+r.intn(3); k++ {
				sb = append(sb, ss[r.intn(len(ss))])
			}
			w.para(strings.Join(sb, " "))
		}
	}
	w.para(fmt.Sprintf("%s: %s, %d/4, %s.", w.bold("Verdict"), r.pick(verdicts), 1+r.intn(4), r.pick(levels)))
	return w.b.String()
}

func (w *writer) link() string {
	u := fmt.Sprintf("https://git.corp.example/takehome/pull/%d", 10+w.r.intn(990))
	switch w.format {
	case 0:
		return "[" + first(w.c) + "'s PR](" + u + ")"
	case 1:
		return `<a href="` + u + `">the PR</a>`
	}
	return u
}

func generate(n int, seed uint64) []Note {
	r := &rng{s: seed}
	var out []Note
	for c := 0; len(out) < n; c++ {
		female := r.chance(50)
		cand := person(r, female, r.pick([]string{"example.com", "mail.example", "inbox.example"}), false)
		p := he
		if female {
			p = she
		}
		var ivs []Person
		for k := 0; k < 2+r.intn(3); k++ {
			ivs = append(ivs, person(r, r.chance(50), "corp.example", true))
		}
		for a := range ivs {
			if len(out) >= n {
				break
			}
			w := &writer{r: r, format: r.intn(3), c: cand, p: p, ivs: ivs, author: a}
			text := w.note(1100 + r.intn(400))
			out = append(out, Note{ID: fmt.Sprintf("n%04d", len(out)), Packet: fmt.Sprintf("c%04d", c), Field: "notes",
				Author: a, Candidate: cand, Interviewers: ivs, Text: text})
		}
	}
	return out
}
