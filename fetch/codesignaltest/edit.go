package codesignaltest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/anonymize/anonymize/fetch"
	"github.com/anonymize/anonymize/fetch/webhook"
)

// ErrUnknownInterview is returned for an interview id the server does not
// hold.
var ErrUnknownInterview = errors.New("no such interview")

// EditFeedback gives an interview one interviewer's feedback, as if the
// interviewer had written or changed it in CodeSignal: the feedback whose
// author has fb.Author.ID is replaced, or fb is added. With a webhook
// configured, a liveInterviewFeedbackUpdated event is queued for sending.
// It returns the event that announces the change (sent or not).
func (s *Server) EditFeedback(interviewID string, fb fetch.InterviewerFeedback) (webhook.Event, error) {
	if fb.Author.ID == "" {
		return webhook.Event{}, errors.New("feedback: author.id is empty")
	}
	s.dataMu.Lock()
	li := s.byID[interviewID]
	if li == nil {
		s.dataMu.Unlock()
		return webhook.Event{}, fmt.Errorf("interview %q: %w", interviewID, ErrUnknownInterview)
	}
	r := toFeedbackR(fb)
	if u, ok := s.users[fb.Author.ID]; ok {
		r.Author = u // one user, one record, as in the real API
	} else {
		s.users[fb.Author.ID] = r.Author
	}
	var fbs []*feedbackR
	if li.InterviewersFeedback != nil {
		fbs = append(fbs, *li.InterviewersFeedback...)
	}
	replaced := false
	for i, old := range fbs {
		if string(old.Author.ID) == fb.Author.ID {
			fbs[i], replaced = r, true
		}
	}
	if !replaced {
		fbs = append(fbs, r)
	}
	li.InterviewersFeedback = &fbs
	s.dataMu.Unlock()

	payload := map[string]any{
		"interviewId":   interviewID,
		"interviewerId": fb.Author.ID,
		"feedback":      feedbackPayload(fb),
	}
	return s.announce(webhook.LiveInterviewFeedbackUpdated, payload)
}

// feedbackPayload is the webhook's shape of feedback (webhooks.md), which
// names two fields differently from the API.
func feedbackPayload(fb fetch.InterviewerFeedback) map[string]any {
	cats := []map[string]any{}
	for _, c := range fb.Categories {
		attrs := []map[string]any{}
		for _, a := range c.Attributes {
			m := map[string]any{"name": a.Name}
			if a.Score != nil {
				m["score"] = *a.Score
			}
			if a.Notes != "" {
				m["notes"] = a.Notes
			}
			attrs = append(attrs, m)
		}
		cats = append(cats, map[string]any{"name": c.Name, "attributes": attrs})
	}
	p := map[string]any{"generalNotes": fb.Notes, "categories": cats}
	if fb.RecommendedLevel != nil {
		p["recommendedLevel"] = *fb.RecommendedLevel
	}
	if fb.Evaluation != nil {
		p["overallEvaluation"] = *fb.Evaluation
	}
	return p
}

// FinishInterview ends an interview (status over, finishDate now), as when
// the interviewer ends it, and queues a liveInterviewFinished event.
func (s *Server) FinishInterview(interviewID string) (webhook.Event, error) {
	now := time.Now().UnixMilli()
	s.dataMu.Lock()
	li := s.byID[interviewID]
	if li == nil {
		s.dataMu.Unlock()
		return webhook.Event{}, fmt.Errorf("interview %q: %w", interviewID, ErrUnknownInterview)
	}
	li.Status = string(fetch.StatusOver)
	li.FinishDate = optTime(&now)
	payload := map[string]any{
		"interviewId":        interviewID,
		"candidateName":      deref(li.CandidateName),
		"candidateEmail":     deref(li.CandidateEmail),
		"startDate":          li.StartDate,
		"endDate":            now,
		"questionsSolved":    0,
		"questionsAttempted": 0,
		"url":                li.URL,
	}
	s.dataMu.Unlock()
	return s.announce(webhook.LiveInterviewFinished, payload)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// announce queues an event for the webhook, if one is configured.
func (s *Server) announce(name string, payload map[string]any) (webhook.Event, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return webhook.Event{}, err
	}
	ev := webhook.Event{Event: name, Payload: raw}
	if s.webhook != nil {
		ev = s.webhook.enqueue(ev)
	} else {
		ev.TriggeredOn = time.Now().UnixMilli()
	}
	return ev, nil
}

// adminFeedback is the body of POST /admin/feedback.
type adminFeedback struct {
	InterviewID string                    `json:"interviewId"`
	Feedback    fetch.InterviewerFeedback `json:"feedback"`
}

// serveAdminFeedback answers POST /admin/feedback: {"interviewId", "feedback":
// {author: {id, username, profile}, notes, categories, recommendedLevel,
// evaluation}} (the export's shape). It needs the API key, like /graphql.
func (s *Server) serveAdminFeedback(w http.ResponseWriter, req *http.Request) {
	var body adminFeedback
	if !s.adminRequest(w, req, &body) {
		return
	}
	ev, err := s.EditFeedback(body.InterviewID, body.Feedback)
	s.adminAnswer(w, ev, err)
}

// serveAdminFinish answers POST /admin/finish: {"interviewId"}.
func (s *Server) serveAdminFinish(w http.ResponseWriter, req *http.Request) {
	var body struct {
		InterviewID string `json:"interviewId"`
	}
	if !s.adminRequest(w, req, &body) {
		return
	}
	ev, err := s.FinishInterview(body.InterviewID)
	s.adminAnswer(w, ev, err)
}

func (s *Server) adminRequest(w http.ResponseWriter, req *http.Request, into any) bool {
	if _, ok := s.authorize(req); !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="codesignal"`)
		writeJSONError(w, http.StatusUnauthorized, "Unauthorized: missing or invalid API key")
		return false
	}
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSONError(w, http.StatusMethodNotAllowed, "use POST with a JSON body")
		return false
	}
	dec := json.NewDecoder(io.LimitReader(req.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		writeJSONError(w, http.StatusBadRequest, "body: "+err.Error())
		return false
	}
	return true
}

func (s *Server) adminAnswer(w http.ResponseWriter, ev webhook.Event, err error) {
	switch {
	case errors.Is(err, ErrUnknownInterview):
		writeJSONError(w, http.StatusNotFound, err.Error())
	case err != nil:
		writeJSONError(w, http.StatusBadRequest, err.Error())
	default:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"event": ev.Event, "triggeredOn": ev.TriggeredOn, "webhook": s.webhook != nil}) //nolint:errcheck // the client is gone if this fails
	}
}
