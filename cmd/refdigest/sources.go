package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/refdigest/refdigest/collect"
	"github.com/refdigest/refdigest/config"
)

// sourcesCheck is `refdigest sources check [NAME...]`: each configured
// source (or each one named) is fetched once and its report printed. It
// opens no store, so it runs beside the service and writes nothing. An
// error (exit 1) when any source is broken.
func sourcesCheck(ctx context.Context, configPath string, names []string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(configPath)
	if err != nil {
		return err
	}
	sources, err := pickSources(cfg.Sources, names)
	if err != nil {
		return err
	}
	loc, err := cfg.Location()
	if err != nil {
		return err
	}
	k := collect.NewChecker(collect.Options{
		UserAgent: collect.DefaultUserAgent(version),
		Location:  loc,
		Logger:    slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	var broken []string
	for i, r := range k.CheckAll(ctx, sources) {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		if err := r.Write(stdout, loc); err != nil {
			return err
		}
		if r.Verdict == collect.VerdictBroken {
			broken = append(broken, r.Source)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(broken) > 0 {
		return fmt.Errorf("%d of %d sources broken: %s", len(broken), len(sources), strings.Join(broken, ", "))
	}
	return nil
}

// pickSources returns the sources named, in the order given; all of them when none is.
func pickSources(all []config.Source, names []string) ([]config.Source, error) {
	if len(names) == 0 {
		return all, nil
	}
	byName := make(map[string]config.Source, len(all))
	for _, s := range all {
		byName[s.Name] = s
	}
	out := make([]config.Source, 0, len(names))
	for _, n := range names {
		s, ok := byName[n]
		if !ok {
			return nil, usageErr("no source is named %q (names are as in config.yaml, quoted when they hold spaces)", n)
		}
		out = append(out, s)
	}
	return out, nil
}
