package service

import (
	"net/http"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/anonymize/anonymize/fetch/webhook"
)

// metrics are what GET /metrics serves, through Prometheus's own
// client: the service's counters (read from where they are kept when
// scraped), three latency histograms, and the Go runtime and process
// collectors.
type metrics struct {
	reg *prometheus.Registry
	// apiLatency: each attempt of a CodeSignal API request, by outcome.
	apiLatency *prometheus.HistogramVec
	// prepare: preparing one candidate's packet (fetch, redact, gate,
	// write), by outcome.
	prepare *prometheus.HistogramVec
	// refreshDelay: from a webhook's receipt to its candidate's packets
	// being refreshed.
	refreshDelay prometheus.Histogram
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		apiLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "anonymize_api_request_duration_seconds",
			Help:    "CodeSignal API request attempts, from sending to the answer (the rate limit's wait not included).",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 12), // 10ms .. 20s
		}, []string{"outcome"}),
		prepare: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "anonymize_packet_prepare_duration_seconds",
			Help:    "Preparing one candidate's packet: fetching, redacting, the leak gate and writing.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 12), // 50ms .. 100s
		}, []string{"outcome"}),
		refreshDelay: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "anonymize_webhook_refresh_delay_seconds",
			Help:    "From a webhook's receipt to its candidate's packets being refreshed.",
			Buckets: prometheus.ExponentialBuckets(0.1, 2, 14), // 100ms .. 27min
		}),
	}
	m.reg.MustRegister(m.apiLatency, m.prepare, m.refreshDelay,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observeAPI is fetch.APIOptions.ObserveRequest.
func (m *metrics) observeAPI(d time.Duration, err error) {
	m.apiLatency.WithLabelValues(outcome(err)).Observe(d.Seconds())
}

func outcome(err error) string {
	if err != nil {
		return "error"
	}
	return "ok"
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// counters exposes the service's counters, the same names and
// labels as before client_golang, read when Prometheus scrapes: the
// receiver, the scheduler and the journal keep them, so nothing is counted
// twice.
type counters struct {
	sv    *Service
	descs map[string]*prometheus.Desc
}

// counterDefs are the counters and gauges: name, help, label (if any).
var counterDefs = []struct {
	name, help, label string
	gauge             bool
}{
	{"anonymize_webhook_requests_total", "Requests to the webhook endpoint.", "", false},
	{"anonymize_webhook_events_total", "Webhook deliveries acknowledged, by outcome.", "outcome", false},
	{"anonymize_webhook_rejected_total", "Webhook deliveries refused, by reason.", "reason", false},
	{"anonymize_webhook_events_pending", "Journaled events not processed yet.", "", true},
	{"anonymize_webhook_events_processed_total", "Journaled events processed.", "", false},
	{"anonymize_webhook_events_failed_total", "Events given up after retries.", "", false},
	{"anonymize_journal_bytes", "Size of the webhook journal.", "", true},
	{"anonymize_refreshes_total", "Packets refreshed after a webhook.", "", false},
	{"anonymize_refresh_failures_total", "Packet refreshes that failed.", "", false},
	{"anonymize_batch_runs_total", "Scheduled preparations completed.", "", false},
	{"anonymize_batch_run_failures_total", "Scheduled preparations that failed (retried).", "", false},
	{"anonymize_api_errors_total", "CodeSignal API errors.", "", false},
	{"anonymize_packets_written_total", "Packets written where the committee reads them.", "", false},
	{"anonymize_packets_quarantined_total", "Packets that failed the leak gate.", "", false},
	{"anonymize_packet_failures_total", "Packets that could not be prepared.", "", false},
}

func newCounters(sv *Service) *counters {
	c := &counters{sv: sv, descs: map[string]*prometheus.Desc{}}
	for _, d := range counterDefs {
		var labels []string
		if d.label != "" {
			labels = []string{d.label}
		}
		c.descs[d.name] = prometheus.NewDesc(d.name, d.help, labels, nil)
	}
	return c
}

func (c *counters) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

func (c *counters) Collect(ch chan<- prometheus.Metric) {
	sv := c.sv
	rs := sv.receiver.Stats()
	ss := sv.sched.Stats()
	kind := map[string]prometheus.ValueType{}
	for _, d := range counterDefs {
		kind[d.name] = prometheus.CounterValue
		if d.gauge {
			kind[d.name] = prometheus.GaugeValue
		}
	}
	emit := func(name string, v int64, label ...string) {
		ch <- prometheus.MustNewConstMetric(c.descs[name], kind[name], float64(v), label...)
	}
	emit("anonymize_webhook_requests_total", rs.Received)
	emit("anonymize_webhook_events_total", rs.Accepted, "accepted")
	emit("anonymize_webhook_events_total", rs.Duplicates, "duplicate")
	emit("anonymize_webhook_events_total", rs.Ignored, "ignored")
	emit("anonymize_webhook_events_total", rs.Verifications, "verification")
	reasons := append([]string(nil), webhook.Reasons...)
	sort.Strings(reasons)
	for _, r := range reasons {
		emit("anonymize_webhook_rejected_total", rs.Rejected[r], r)
	}
	emit("anonymize_webhook_events_pending", int64(len(sv.journal.Pending())))
	emit("anonymize_webhook_events_processed_total", sv.eventsProcessed.Load())
	emit("anonymize_webhook_events_failed_total", sv.eventsFailed.Load())
	emit("anonymize_journal_bytes", sv.journal.Size())
	emit("anonymize_refreshes_total", ss.Refreshes)
	emit("anonymize_refresh_failures_total", ss.RefreshFailures)
	emit("anonymize_batch_runs_total", ss.Runs)
	emit("anonymize_batch_run_failures_total", ss.RunFailures)
	emit("anonymize_api_errors_total", sv.apiErrors.Load())
	emit("anonymize_packets_written_total", sv.packetsDone.Load())
	emit("anonymize_packets_quarantined_total", sv.packetsQuarantined.Load())
	emit("anonymize_packet_failures_total", sv.packetFailures.Load())
}
