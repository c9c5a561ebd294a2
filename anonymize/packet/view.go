package packet

import (
	"html/template"
	"strconv"
	"time"

	"github.com/anonymize/anonymize/fetch"
)

// view is a packet as the readable formats show it: every value already a
// string, so that packet.md and packet.html cannot disagree about content.
type view struct {
	Code       string
	Committee  string
	Prepared   string
	Pending    string // "" when every interview was held
	Interviews []interviewView
}

type interviewView struct {
	Number   int
	Date     string
	Feedback []feedbackView
}

type feedbackView struct {
	Role       string
	Evaluation string
	Level      string
	Scores     []scoreRow
	AttrNotes  []attrNote
	Notes      string
	NotesHTML  template.HTML
}

type scoreRow struct {
	Category, Attribute, Score string
}

type attrNote struct {
	Category, Attribute string
	Notes               string
	NotesHTML           template.HTML
}

// notGiven stands for a missing value (no score, no level), so a reader
// sees that it is missing rather than an empty cell that looks like a
// rendering bug.
const notGiven = "—"

func newView(code string, interviews []fetch.LiveInterview, pending int, meta Meta) view {
	loc := meta.Prepared.Location()
	v := view{
		Code:      code,
		Committee: meta.Committee,
		Prepared:  meta.Prepared.Format("2006-01-02 15:04 MST"),
		Pending:   pendingLine(pending),
	}
	for i, li := range interviews {
		iv := interviewView{Number: i + 1, Date: interviewDate(li, loc)}
		for _, fb := range li.InterviewersFeedback {
			fv := feedbackView{
				Role:       orDefault(fb.Author.Profile.Name, "Interviewer"),
				Evaluation: orDefault(deref(fb.Evaluation), notGiven),
				Level:      orDefault(deref(fb.RecommendedLevel), notGiven),
				Notes:      fb.Notes,
				NotesHTML:  noteHTML(fb.Notes),
			}
			for _, c := range fb.Categories {
				if len(c.Attributes) == 0 {
					fv.Scores = append(fv.Scores, scoreRow{c.Name, notGiven, notGiven})
				}
				for _, a := range c.Attributes {
					score := notGiven
					if a.Score != nil {
						score = strconv.Itoa(*a.Score)
					}
					fv.Scores = append(fv.Scores, scoreRow{c.Name, a.Name, score})
					if a.Notes != "" {
						fv.AttrNotes = append(fv.AttrNotes, attrNote{c.Name, a.Name, a.Notes, noteHTML(a.Notes)})
					}
				}
			}
			iv.Feedback = append(iv.Feedback, fv)
		}
		v.Interviews = append(v.Interviews, iv)
	}
	return v
}

// interviewDate is the day the interview ended, or began when it has no end,
// in the location of the preparation time. Only the day: the hour adds
// nothing for the committee.
func interviewDate(li fetch.LiveInterview, loc *time.Location) string {
	ms := li.FinishDate
	if ms == nil {
		ms = li.StartDate
	}
	if ms == nil {
		return "date unknown"
	}
	return time.UnixMilli(*ms).In(loc).Format("2006-01-02")
}

func pendingLine(n int) string {
	switch {
	case n <= 0:
		return ""
	case n == 1:
		return "1 interview has not been held yet."
	default:
		return strconv.Itoa(n) + " interviews have not been held yet."
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
