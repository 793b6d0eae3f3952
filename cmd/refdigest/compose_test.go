package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// compose.yaml parses and says what the README promises: the service with its data volume,
// its secrets from the environment and the binary's own healthcheck; Ollama only under the
// llm profile.
func TestComposeFile(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Profiles    []string          `yaml:"profiles"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	app, ok := c.Services["refdigest"]
	if !ok || len(app.Profiles) != 0 {
		t.Fatalf("refdigest service missing or behind a profile: %+v", app)
	}
	for _, env := range []string{"TELEGRAM_BOT_TOKEN", "REFDIGEST_LLM_API_KEY", "REFDIGEST_LLM_BASE_URL", "REFDIGEST_LLM_MODEL"} {
		if v, ok := app.Environment[env]; !ok || !strings.HasPrefix(v, "${"+env) {
			t.Errorf("environment %s = %q, want it passed from the host", env, v)
		}
	}
	if !slices.Contains(app.Volumes, "refdigest-data:/data") || c.Volumes == nil {
		t.Errorf("no data volume: %v", app.Volumes)
	}
	if got := strings.Join(app.Healthcheck.Test, " "); !strings.Contains(got, "refdigest healthcheck") {
		t.Errorf("healthcheck = %q", got)
	}
	if o, ok := c.Services["ollama"]; !ok || !slices.Equal(o.Profiles, []string{"llm"}) {
		t.Errorf("ollama service not under the llm profile: %+v", o)
	}
}
