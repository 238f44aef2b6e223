package main

// The Dockerfile check: BuildKit's own Dockerfile parser and instruction parser (what `docker build`
// runs; lint findings it reports count as errors), then Concierge's image rules on the final stage.

import (
	"fmt"
	"os"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

func checkDockerfile(path string) (string, []string) {
	f, err := os.Open(path)
	if err != nil {
		return "", []string{err.Error()}
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		return "", []string{fmt.Sprintf("%s: %v", path, err)}
	}
	var problems []string
	for _, w := range res.Warnings {
		problems = append(problems, fmt.Sprintf("%s: parser warning: %s", path, w.Short))
	}
	lint := linter.New(&linter.Config{Warn: func(rule, desc, url, msg string, loc []parser.Range) {
		line := 0
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		problems = append(problems, fmt.Sprintf("%s:%d: lint %s: %s", path, line, rule, msg))
	}})
	stages, _, err := instructions.Parse(res.AST, lint)
	if err != nil {
		return "", append(problems, fmt.Sprintf("%s: %v", path, err))
	}
	if len(stages) < 2 {
		return "", append(problems, fmt.Sprintf("%s: expected a multi-stage build, found %d stage(s)", path, len(stages)))
	}
	final := stages[len(stages)-1]
	var user, entrypoint string
	hasTmpWrite := false
	for _, c := range final.Commands {
		switch cmd := c.(type) {
		case *instructions.UserCommand:
			user = cmd.User
		case *instructions.EntrypointCommand:
			entrypoint = strings.Join(cmd.CmdLine, " ")
		case *instructions.RunCommand:
			if strings.Contains(strings.Join(cmd.CmdLine, " "), "chmod 777") {
				hasTmpWrite = true
			}
		}
	}
	uid := strings.SplitN(user, ":", 2)[0]
	if uid == "" || uid == "0" || uid == "root" {
		problems = append(problems, fmt.Sprintf("%s: final stage %q runs as root (USER %q); use a numeric non-root uid", path, final.Name, user))
	} else if strings.Trim(uid, "0123456789") != "" {
		problems = append(problems, fmt.Sprintf("%s: USER %q is not numeric; Kubernetes runAsNonRoot can only verify a numeric uid", path, user))
	}
	if !strings.Contains(entrypoint, "tini") && !strings.Contains(entrypoint, "dumb-init") {
		problems = append(problems, fmt.Sprintf("%s: ENTRYPOINT %q has no init (tini) as PID 1: SIGTERM would not reach Node reliably", path, entrypoint))
	}
	if hasTmpWrite {
		problems = append(problems, fmt.Sprintf("%s: chmod 777 in the final stage", path))
	}
	names := make([]string, len(stages))
	for i, s := range stages {
		names[i] = s.Name
	}
	return fmt.Sprintf("%s is valid (%d stages: %s; final runs as %s under %s)", path, len(stages), strings.Join(names, " → "), user, strings.Fields(entrypoint)[0]), problems
}
