package service

import (
	"errors"
	"fmt"
	"time"
)

// Errors of a digest date. They are told apart so that a user who typed 2026-02-30 hears
// that the day does not exist, not how to write a date.
var (
	// ErrDateFormat: the text is not written YYYY-MM-DD.
	ErrDateFormat = errors.New("date must be YYYY-MM-DD")
	// ErrNoSuchDate: written YYYY-MM-DD, but no calendar has that day (2026-02-30, 2026-13-01).
	ErrNoSuchDate = errors.New("no such date")
	// ErrFutureDate: the day has not come yet in the service's time zone.
	ErrFutureDate = errors.New("that day has not come yet")
)

// ParseDate checks a YYYY-MM-DD date and returns it as given. The errors wrap ErrDateFormat
// or ErrNoSuchDate.
func ParseDate(s string) (string, error) {
	if !dateShaped(s) {
		return "", fmt.Errorf("service: date %q: %w", s, ErrDateFormat)
	}
	// The shape is right, so time.Parse can only object to the month or the day: that is
	// a day that does not exist, and it is told without reading the error's text.
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", fmt.Errorf("service: date %s: %w", s, ErrNoSuchDate)
	}
	return s, nil
}

// dateShaped reports whether s is four digits, a dash, two digits, a dash, two digits.
func dateShaped(s string) bool {
	if len(s) != len(time.DateOnly) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case i == 4 || i == 7:
			if c != '-' {
				return false
			}
		case c < '0' || c > '9':
			return false
		}
	}
	return true
}

// notFuture refuses a date after today: its digest would be empty now and wrong later.
func (s *Service) notFuture(date string) error {
	// YYYY-MM-DD strings sort as the days do.
	if date > s.Today() {
		return fmt.Errorf("service: digest %s: %w", date, ErrFutureDate)
	}
	return nil
}
