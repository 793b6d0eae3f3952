package lang

import (
	"strings"
	"testing"
	"time"
)

// cpuMeter reports CPU time per op (and CPU-time throughput) next to the
// wall-clock figures, which a loaded machine inflates. Run with -cpu 1 so
// that process CPU time is the benchmark's.
type cpuMeter struct {
	b     *testing.B
	bytes int64
	start time.Duration
}

func meterCPU(b *testing.B, bytes int64) *cpuMeter {
	if bytes > 0 {
		b.SetBytes(bytes)
	}
	b.ReportAllocs()
	return &cpuMeter{b: b, bytes: bytes, start: processCPU()}
}

func (m *cpuMeter) stop() {
	used := processCPU() - m.start
	if used <= 0 || m.b.N == 0 {
		return
	}
	m.b.ReportMetric(float64(used.Nanoseconds())/float64(m.b.N), "cpu-ns/op")
	if m.bytes > 0 {
		m.b.ReportMetric(float64(m.bytes)*float64(m.b.N)/used.Seconds()/1e6, "cpu-MB/s")
	}
}

// segment is one paragraph of the benchmark text with its language.
type segment struct {
	text string
	l    Lang
}

// mixedText builds about 1 MB of Kazakh and Russian paragraphs (roughly half
// each by bytes) from the seed sentences and the KazNERD sample.
func mixedText(b *testing.B) ([]segment, int) {
	b.Helper()
	var kk, ru []string
	for _, s := range seedSentences(b) {
		switch s.lang {
		case "kk":
			kk = append(kk, s.text)
		case "ru":
			ru = append(ru, s.text)
		}
	}
	kk = append(kk, kaznerdSample(b)...)
	kkPara, ruPara := strings.Join(kk, " "), strings.Join(ru, " ")
	var segs []segment
	size, kkBytes, ruBytes := 0, 0, 0
	for size < 1<<20 {
		if kkBytes <= ruBytes {
			segs = append(segs, segment{kkPara, KK})
			kkBytes += len(kkPara)
		} else {
			segs = append(segs, segment{ruPara, RU})
			ruBytes += len(ruPara)
		}
		size = kkBytes + ruBytes
	}
	return segs, size
}

func BenchmarkTokenize(b *testing.B) {
	segs, size := mixedText(b)
	m := meterCPU(b, int64(size))
	for b.Loop() {
		for _, s := range segs {
			Tokenize(s.text)
		}
	}
	m.stop()
}

// Tokenize and stem every token, as an indexer does (no caching).
func BenchmarkTokenizeStem(b *testing.B) {
	segs, size := mixedText(b)
	m := meterCPU(b, int64(size))
	tokens := 0
	for b.Loop() {
		tokens = 0
		for _, s := range segs {
			for _, t := range Tokenize(s.text) {
				Stem(t.Text, s.l)
				tokens++
			}
		}
	}
	m.stop()
	b.ReportMetric(float64(tokens), "tokens/op")
}

// Stem alone, per language, to show where the time goes.
func BenchmarkStem(b *testing.B) {
	segs, _ := mixedText(b)
	for _, l := range []Lang{KK, RU} {
		var words []string
		for _, s := range segs[:4] {
			if s.l == l {
				words = append(words, Words(s.text)...)
			}
		}
		b.Run(string(l), func(b *testing.B) {
			m := meterCPU(b, 0)
			i := 0
			for b.Loop() {
				Stem(words[i%len(words)], l)
				i++
			}
			m.stop()
		})
	}
}

func BenchmarkTerms(b *testing.B) {
	segs, size := mixedText(b)
	m := meterCPU(b, int64(size))
	for b.Loop() {
		for _, s := range segs {
			Terms(s.text, s.l)
		}
	}
	m.stop()
}

func BenchmarkDetect(b *testing.B) {
	article := seedText(b)[:4000]
	for _, bc := range []struct{ name, text string }{
		{"headline", "Тоқаев жаңа Конституцияға қол қойды"},
		{"article", article},
	} {
		b.Run(bc.name, func(b *testing.B) {
			m := meterCPU(b, int64(len(bc.text)))
			for b.Loop() {
				Detect(bc.text)
			}
			m.stop()
		})
	}
}

func BenchmarkSentences(b *testing.B) {
	text := seedText(b)
	m := meterCPU(b, int64(len(text)))
	for b.Loop() {
		Sentences(text, Other)
	}
	m.stop()
}

func BenchmarkAnchors(b *testing.B) {
	text := seedText(b)[:4000]
	m := meterCPU(b, int64(len(text)))
	for b.Loop() {
		Anchors(text)
	}
	m.stop()
}
