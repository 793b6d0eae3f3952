package metrics

import (
	"testing"

	dto "github.com/prometheus/client_model/go"

	"github.com/refdigest/refdigest/collect"
)

// Contained panics are counted by where they happened.
func TestPanicsCounted(t *testing.T) {
	m := New()
	m.ObserveCollect([]collect.Result{{Source: "A", Panicked: true}, {Source: "B", New: 2}})
	m.ObservePanic("update")
	m.ObservePanic("update")
	for where, want := range map[string]float64{"source": 1, "update": 2, "job": 0} {
		var c dto.Metric
		if err := m.panics.WithLabelValues(where).Write(&c); err != nil {
			t.Fatal(err)
		}
		if got := c.GetCounter().GetValue(); got != want {
			t.Errorf("panics{where=%q} = %v, want %v", where, got, want)
		}
	}
}
