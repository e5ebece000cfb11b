package jobs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shiplog/reports"
	"shiplog/tracker"
)

// nextReport is the first weekly report slot after after, or zero when the report is off.
func nextReport(cfg tracker.Config, after time.Time) time.Time {
	if cfg.ReportSchedule.Off {
		return time.Time{}
	}
	return cfg.ReportSchedule.Next(after, cfg.Location())
}

// weeklyReport writes the PDF of the slot's ISO week into report.dir and mails it if mail is set up.
func (r *Runner) weeklyReport(cfg tracker.Config, slot time.Time) (string, error) {
	p := reports.WeekOf(slot, cfg.Location())
	week := p.String()
	path, err := r.opts.WriteReport(p, cfg.ReportDir)
	if err != nil {
		return "", fmt.Errorf("write the %s report: %w", week, err)
	}
	detail := "wrote " + path
	if len(cfg.ReportTo) == 0 || !cfg.SMTP.Enabled() {
		return detail, nil
	}
	if cfg.SMTP.User != "" {
		// Read here, not taken from cfg, so that a password file others can read is reported.
		if cfg.SMTP.Password, err = r.svc.SMTPPassword(); err != nil {
			return "", fmt.Errorf("the %s report was written to %s but not mailed: %w", week, path, err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read the %s report: %w", week, err)
	}
	title := cfg.ReportTitle
	if title == "" {
		title = "Weekly results"
	}
	subject := fmt.Sprintf("%s %s", title, week)
	if cfg.Author != "" {
		subject += " (" + cfg.Author + ")"
	}
	m := Mail{
		To:      cfg.ReportTo,
		Subject: subject,
		Body: fmt.Sprintf("The Shiplog report for %s (%s to %s) is attached.\n", week,
			p.From.Format("Mon 2 Jan"), p.To.AddDate(0, 0, -1).Format("Mon 2 Jan 2006")),
		Date:        r.clock.Now(),
		Attachments: []Attachment{{Name: filepath.Base(path), Data: data}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := r.opts.Mailer.Send(ctx, cfg.SMTP, m); err != nil {
		return "", fmt.Errorf("the %s report was written to %s but not mailed: %w", week, path, err)
	}
	return detail + " and mailed it to " + strings.Join(cfg.ReportTo, ", "), nil
}
