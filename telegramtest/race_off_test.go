//go:build !race

package telegramtest

// raceEnabled scales heavy tests down under the race detector, which makes
// every request several times slower.
const raceEnabled = false
