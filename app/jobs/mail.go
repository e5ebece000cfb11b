package jobs

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/wneessen/go-mail"

	"shiplog/tracker"
)

// Mail is one message with its attachments.
type Mail struct {
	To          []string
	Subject     string
	Body        string
	Date        time.Time
	Attachments []Attachment
}

// Attachment is a named file carried by a Mail.
type Attachment struct {
	Name string
	Data []byte
}

// Mailer sends mail through the configured server. The weekly report job declares it so that tests
// and the desktop app can swap the transport.
type Mailer interface {
	Send(ctx context.Context, cfg tracker.SMTPConfig, m Mail) error
}

// SMTPMailer sends mail with go-mail.
type SMTPMailer struct {
	// Timeout bounds the connection; zero means 30 seconds.
	Timeout time.Duration
}

// Send delivers m. The TLS setting maps to go-mail's policies: "starttls" requires STARTTLS,
// "tls" is implicit TLS and "none" is plain text (for a local relay). A user name turns on
// authentication with the best mechanism the server offers.
func (s SMTPMailer) Send(ctx context.Context, cfg tracker.SMTPConfig, m Mail) error {
	if !cfg.Enabled() {
		return fmt.Errorf("send mail: smtp.host and smtp.from must be set")
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []mail.Option{mail.WithTimeout(timeout)}
	switch cfg.TLS {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case "tls":
		opts = append(opts, mail.WithSSL())
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if cfg.Port > 0 {
		opts = append(opts, mail.WithPort(cfg.Port))
	}
	if cfg.User != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(cfg.User), mail.WithPassword(cfg.Password))
	}
	client, err := mail.NewClient(cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	msg := mail.NewMsg()
	if err := msg.From(cfg.From); err != nil {
		return fmt.Errorf("send mail: from: %w", err)
	}
	if err := msg.To(m.To...); err != nil {
		return fmt.Errorf("send mail: to: %w", err)
	}
	msg.Subject(m.Subject)
	if !m.Date.IsZero() {
		msg.SetDateWithValue(m.Date)
	}
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data)); err != nil {
			return fmt.Errorf("send mail: attach %s: %w", a.Name, err)
		}
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("send mail to %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	return nil
}
