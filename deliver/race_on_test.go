//go:build race

package deliver

// raceEnabled: the race detector slows everything several times, so throughput and latency
// targets are reported but not asserted.
const raceEnabled = true
