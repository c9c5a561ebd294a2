package fetch_test

import (
	"context"
	"testing"
	"time"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/codesignaltest"
)

// BenchmarkFetchAtRateLimit fetches candidates through the simulator at the
// documented limit (10 requests a second, enforced by the simulator) with
// the client's defaults, and reports the request rate achieved as a
// fraction of the limit ("of-limit"; the target is at least 0.9, so that a
// batch is bound by the API and nothing else). It takes about 5 s an
// iteration.
func BenchmarkFetchAtRateLimit(b *testing.B) {
	const candidates = 50
	org := codesignaltest.SyntheticOrg{Candidates: candidates, Interviews: 2, Seed: 1}.Generate()
	sim := codesignaltest.StartForTest(b, codesignaltest.Config{Data: org, APIKey: secret, Latency: 20 * time.Millisecond})
	src, err := fetch.NewAPISource(sim.GraphQLURL(), fetch.NewAPIKey(secret, "the benchmark"), fetch.APIOptions{})
	if err != nil {
		b.Fatal(err)
	}
	emails := candidateEmails(candidates)
	start := time.Now()
	for b.Loop() {
		res, err := fetchCandidates(context.Background(), src, emails, 0)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range res {
			if c.Err != nil {
				b.Fatalf("%s: %v", c.Email, c.Err)
			}
		}
	}
	elapsed := time.Since(start)
	st := sim.Stats()
	rate := float64(st.Fields["liveInterviews"]) / elapsed.Seconds()
	b.ReportMetric(rate, "req/s")
	b.ReportMetric(rate/codesignaltest.DefaultRateLimit, "of-limit")
	if st.RateLimited > 0 {
		b.Errorf("the client tripped the rate limit %d times", st.RateLimited)
	}
}
