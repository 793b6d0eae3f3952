package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser: REFDIGEST_CHROMIUM, else Debian's chromium on the PATH.
func chromium() string {
	if p := os.Getenv("REFDIGEST_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser loads pages of the sample archive in headless Chromium at a phone's and a
// desktop's width: each must load with status 200, no console error, no exception, no
// dialog (the hostile headline must stay text), its stylesheet applied under the CSP and
// nothing wider than the window; a screenshot of each goes to REFDIGEST_SCREENSHOTS (by
// default refdigest-screenshots in the temporary directory). REFDIGEST_BROWSER=1 makes
// the check required (.ci/run sets it); without it, it is skipped when there is no
// Chromium, and REFDIGEST_BROWSER=0 skips it.
func TestBrowser(t *testing.T) {
	gate := os.Getenv("REFDIGEST_BROWSER")
	bin := chromium()
	switch {
	case gate == "0":
		t.Skip("REFDIGEST_BROWSER=0")
	case bin == "" && gate == "1":
		t.Fatal("REFDIGEST_BROWSER=1 but no Chromium found (apt-get install chromium, or set REFDIGEST_CHROMIUM)")
	case bin == "":
		t.Skip("no Chromium (apt-get install chromium); REFDIGEST_BROWSER=1 makes this check required")
	}
	shots := os.Getenv("REFDIGEST_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "refdigest-screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	a := sharedArchive(t)
	srv := httptest.NewServer(newTestServer(t, a, Options{}))
	defer srv.Close()
	sampleStory := sampleStoryID(t, a)
	pages := []struct{ name, path string }{
		{"ru-days", "/ru/"},
		{"ru-day", "/ru/day/" + a.sample[len(a.sample)-1]},
		{"kk-day", "/kk/day/" + runDays[2]},
		{"ru-story", "/ru/story/" + runID},
		{"kk-story", "/kk/story/" + sampleStory},
		{"ru-search", "/ru/search?q=" + "Конституция"},
	}

	// No timeout on the browser's own context: it would stop the browser. Each page has one.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	actx, stop := chromedp.NewExecAllocator(context.Background(), opts...)
	defer stop()
	bctx, closeBrowser := chromedp.NewContext(actx)
	defer closeBrowser()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", bin, err)
	}

	for _, width := range []int64{390, 1280} {
		for _, p := range pages {
			name := fmt.Sprintf("%s-%d.png", p.name, width)
			r, err := look(bctx, srv.URL+p.path, width)
			if err != nil {
				t.Errorf("%s at %d px: %v", p.path, width, err)
				continue
			}
			if err := os.WriteFile(filepath.Join(shots, name), r.png, 0o644); err != nil {
				t.Fatal(err)
			}
			if r.status != 200 {
				t.Errorf("%s at %d px: status %d", p.path, width, r.status)
			}
			for _, pr := range r.problems {
				t.Errorf("%s at %d px: %s", p.path, width, pr)
			}
			if r.sheets != 1 || !strings.Contains(r.font, "system-ui") {
				t.Errorf("%s at %d px: stylesheet not applied (%d sheets, font %q)", p.path, width, r.sheets, r.font)
			}
			if r.scrollWidth > width {
				t.Errorf("%s at %d px: the page is %d px wide", p.path, width, r.scrollWidth)
			}
			for _, l := range []string{"kk", "ru"} {
				for _, key := range []string{"err_not_found", "err_internal", "err_too_many"} {
					if strings.TrimSpace(r.h1) == label(l, key) {
						t.Errorf("%s at %d px shows the error %q", p.path, width, r.h1)
					}
				}
			}
			t.Logf("%s at %d px: %s (%d bytes), h1 %q", p.path, width, filepath.Join(shots, name), len(r.png), clip(r.h1, 60))
		}
	}
}

// looked is what the browser made of one page.
type looked struct {
	status              int64
	problems            []string
	font, h1            string
	sheets, scrollWidth int64
	png                 []byte
}

// look loads url in a new tab width px wide (a phone's viewport below 600) and collects
// the console's messages, any dialog, what the page looks like and a full-page screenshot.
func look(bctx context.Context, url string, width int64) (looked, error) {
	var r looked
	tctx, closeTab := chromedp.NewContext(bctx)
	defer closeTab()
	tctx, cancel := context.WithTimeout(tctx, 30*time.Second)
	defer cancel()
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		note = func(format string, args ...any) {
			mu.Lock()
			r.problems = append(r.problems, fmt.Sprintf(format, args...))
			mu.Unlock()
		}
	)
	if err := chromedp.Do(tctx); err != nil { // opens the tab before subscribing
		return r, err
	}
	console := chromedp.Console(tctx)
	dialogs := chromedp.Events(tctx, cdpage.JavascriptDialogOpening)
	wg.Go(func() {
		for m, err := range console {
			if err != nil {
				return
			}
			// Errors and warnings: a CSP violation, a failed load, an exception.
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				note("console %s: %s (%s)", m.Type, m.Text, m.URL)
			}
		}
	})
	wg.Go(func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			note("a dialog opened: %q", ev.Message)
			_, _ = chromedp.Call(tctx, cdpage.HandleJavaScriptDialog, cdpage.HandleJavaScriptDialogParams{})
		}
	})
	opt := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if width < 600 {
		opt = append(opt, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	err := chromedp.Do(tctx, chromedp.EmulateViewport(width, 900, opt...))
	var resp *network.Response
	if err == nil {
		resp, err = chromedp.Run(tctx, chromedp.NavigateResponse(url))
	}
	if err == nil {
		r.status = resp.Status
		err = chromedp.Do(tctx, chromedp.WaitReady(chromedp.CSS("footer")))
	}
	if err == nil {
		r.font, err = chromedp.Run(tctx, chromedp.Evaluate[string](`getComputedStyle(document.body).fontFamily`))
	}
	if err == nil {
		r.sheets, err = chromedp.Run(tctx, chromedp.Evaluate[int64](`document.styleSheets.length`))
	}
	if err == nil {
		r.scrollWidth, err = chromedp.Run(tctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
	}
	if err == nil {
		r.h1, err = chromedp.Run(tctx, chromedp.Text(chromedp.CSS("h1")))
	}
	if err == nil {
		r.png, err = chromedp.Run(tctx, chromedp.FullScreenshot(100))
	}
	// Late messages (a stylesheet refused after the load) have had the screenshot's time.
	closeTab()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	return r, err
}

// sampleStoryID is the id of a story of the sample's newest day.
func sampleStoryID(t *testing.T, a *archive) string {
	t.Helper()
	rec, err := a.st.Digest(a.sample[len(a.sample)-1])
	if err != nil {
		t.Fatal(err)
	}
	d, err := decodeDay(rec, a.loc)
	if err != nil || len(d.Stories) == 0 {
		t.Fatalf("sample day: %v, %d stories", err, len(d.Stories))
	}
	return d.Stories[0].ID
}
