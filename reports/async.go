package reports

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// AsyncTarget is the async share the report measures against, in percent.
const AsyncTarget = 80.0

// meetingHistory is how many earlier periods the meeting hours are compared with.
const meetingHistory = 4

// AsyncShare weighs written and focused work against meetings.
type AsyncShare struct {
	Async, Deep, Meeting, Shallow time.Duration
	Share                         float64 // percent
	OK                            bool
	Target                        float64
	MeetingAvg                    time.Duration // average over the previous periods
	History                       []PeriodHours // the previous periods' meeting hours, oldest first
}

// PeriodHours is one earlier period's meeting time.
type PeriodHours struct {
	Label string
	Hours time.Duration
}

// kindTotals sums block time by kind inside p.
func (b *builder) kindTotals(p Period) map[tracker.Kind]time.Duration {
	m := map[tracker.Kind]time.Duration{}
	for _, x := range b.blocks {
		if d := b.inside(x, p.From, p.To); d > 0 {
			m[x.Kind] += d
		}
	}
	return m
}

func share(k map[tracker.Kind]time.Duration) (float64, bool) {
	good := k[tracker.KindAsync] + k[tracker.KindDeep]
	all := good + k[tracker.KindMeeting]
	if all == 0 {
		return 0, false
	}
	return 100 * float64(good) / float64(all), true
}

func (b *builder) async() {
	r := b.r
	a := &r.Async
	a.Target = AsyncTarget
	k := b.kindTotals(r.Period)
	a.Async, a.Deep, a.Meeting, a.Shallow = k[tracker.KindAsync], k[tracker.KindDeep], k[tracker.KindMeeting], k[tracker.KindShallow]
	a.Share, a.OK = share(k)
	prevK := b.kindTotals(r.Previous)
	b.prev.share, b.prev.shareOK = share(prevK)
	p := r.Period
	var sum time.Duration
	for i := 0; i < meetingHistory; i++ {
		p = p.Previous()
		var h time.Duration
		if i == 0 {
			h = prevK[tracker.KindMeeting] // the previous period, summed above
		} else {
			h = b.olderMeetings[i-1]
		}
		sum += h
		a.History = append([]PeriodHours{{Label: shortLabel(p), Hours: h}}, a.History...)
	}
	a.MeetingAvg = sum / meetingHistory
}

// shortLabel names a period in a few characters, for chart axes.
func shortLabel(p Period) string {
	switch p.Kind {
	case KindWeek:
		_, w := p.From.ISOWeek()
		return fmt.Sprintf("W%d", w)
	case KindMonth:
		return p.From.Format("Jan 06")
	}
	return p.From.Format("2 Jan")
}
