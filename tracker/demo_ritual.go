package tracker

import (
	"math/rand/v2"
)

// demoShipDue dates some of the demo's shipped deliverables, in days from the day each shipped, so
// that delivery on time has something to measure: due that day (on time), a day later (early),
// or days before (late).
var demoShipDue = map[string]int{
	"Timer survives laptop sleep":  0,
	"Tray menu with quick start":   1,
	"CSV import of old timesheets": -2,
	"Weekly PDF report":            0,
	"Request SLA reminders":        -1,
	"Settings screen":              0,
	"Stripe webhook retries":       2,
	"Invoice PDF numbering":        -3,
	"API reference generator":      -1,
}

// rituals gives the demo the habits of a person who uses Shiplog's rituals: sync days and core
// hours for meetings, most working days closed (tomorrow's first block, a handoff note now and
// then, energy), and a check-in at the end of most weeks. They draw on a random source of their
// own, so that the rest of the demo is the same with them or without.
func (d *demo) rituals(back int) error {
	for key, value := range map[string]string{SettingSyncdays: "tue,thu", SettingCorehours: "13:00-16:00"} {
		if err := d.s.SetSetting(key, value); err != nil {
			return err
		}
	}
	cfg, err := d.s.Config()
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(demoSeed, 2))
	handoffs := []string{
		"Tax table PR is up for review; the EU cases pass, the UK ones are stubbed.",
		"Left the flaky export test skipped with a TODO; the fix needs the new fixture.",
		"Support asked about invoice downloads; I replied and linked the status page.",
		"Docs build is green again; the API reference now regenerates on merge.",
		"Paused dark mode at the settings screen; colours are in the design file.",
	}
	energies := []int{2, 3, 3, 4, 4, 4, 5}
	return d.s.write(func(tx Tx) error {
		for day := -back; day <= 0; day++ {
			date := d.date(day)
			closed := d.at(day, 17, 20+rng.IntN(30))
			skip := rng.IntN(6) == 0
			if !cfg.IsWorkday(date) || skip || closed.After(d.now) {
				continue
			}
			energy := energies[rng.IntN(len(energies))]
			c := DayClose{Day: date, Zone: d.loc.String(), ClosedAt: UTC(closed), Energy: &energy, Rev: 1,
				UID: demoUID(rng)}
			if rng.IntN(3) == 0 {
				c.Handoff = handoffs[rng.IntN(len(handoffs))]
			}
			// The plan for tomorrow is what the person went on to do first: the next working day's
			// first deep block.
			next := cfg.NextWorkday(date)
			bs, err := tx.ListBlocks(BlockRange{From: next.In(d.loc), To: next.AddDays(1).In(d.loc), Kinds: []Kind{KindDeep}})
			if err != nil {
				return err
			}
			if len(bs) > 0 && bs[0].Goal != "" {
				id := bs[0].ProjectID
				c.Tomorrow = Plan{Goal: bs[0].Goal, Project: projectName(tx, id), ProjectID: &id}
			}
			if err := c.Validate(d.now); err != nil {
				return err
			}
			if err := tx.CreateDayClose(&c); err != nil {
				return err
			}
		}
		// A check-in on Friday afternoon of most weeks, this one too once its Friday afternoon has come.
		satisfaction := []int{4, 3, 4, 3, 4, 4, 5}
		balance := []int{3, 2, 3, 3, 4, 3, 4}
		for i, day := 0, -back+4; day <= 0; i, day = i+1, day+7 {
			at := d.at(day, 16, 0)
			if at.After(d.now) || i == 2 {
				continue // the third week was skipped, as weeks are
			}
			c := CheckIn{Week: DateOf(at, d.loc).ISOWeek(), Satisfaction: satisfaction[i%len(satisfaction)],
				Balance: balance[i%len(balance)], At: UTC(at)}
			if err := c.Validate(d.now); err != nil {
				return err
			}
			if err := tx.CreateCheckIn(&c); err != nil {
				return err
			}
		}
		return nil
	})
}

// demoUID is a deterministic stand-in for the UUIDv7 a real close gets, so that the demo's bytes
// are the same for the same now.
func demoUID(rng *rand.Rand) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 36)
	for i := range b {
		switch i {
		case 8, 13, 18, 23:
			b[i] = '-'
		case 14:
			b[i] = '7'
		default:
			b[i] = hex[rng.IntN(16)]
		}
	}
	return string(b)
}
