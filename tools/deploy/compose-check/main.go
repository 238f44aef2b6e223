// compose-check --dockerfile <Dockerfile> parses a Dockerfile with BuildKit's parser (see dockerfile.go).
//
// compose-check loads docker-compose.yml with compose-go (the loader Docker Compose v2 itself uses):
// interpolation, schema validation, normalization and cross-references (depends_on, volumes,
// networks). Then it applies Concierge's own rules: every long-running service has a healthcheck,
// every depends_on uses a condition, one-shot jobs are awaited with service_completed_successfully.
package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <docker-compose.yml> [more files…] | compose-check --dockerfile <Dockerfile>")
		os.Exit(2)
	}
	if os.Args[1] == "--dockerfile" && len(os.Args) == 3 {
		summary, problems := checkDockerfile(os.Args[2])
		for _, p := range problems {
			fmt.Fprintf(os.Stderr, "dockerfile-check: %s\n", p)
		}
		if len(problems) > 0 {
			os.Exit(1)
		}
		fmt.Printf("dockerfile-check: %s\n", summary)
		return
	}
	opts, err := cli.NewProjectOptions(os.Args[1:],
		cli.WithName("concierge"),
		cli.WithOsEnv,
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		fail("options: %v", err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fail("%v", err)
	}

	var problems []string
	jobs := map[string]bool{}
	for name, svc := range project.Services {
		if svc.Restart == "no" || svc.Restart == "on-failure" || strings.HasPrefix(svc.Restart, "on-failure") {
			jobs[name] = true
		}
	}
	names := make([]string, 0, len(project.Services))
	for name := range project.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		svc := project.Services[name]
		if !jobs[name] && (svc.HealthCheck == nil || svc.HealthCheck.Disable || len(svc.HealthCheck.Test) == 0) {
			problems = append(problems, fmt.Sprintf("service %q has no healthcheck (long-running services need one)", name))
		}
		for dep, cfg := range svc.DependsOn {
			switch {
			case jobs[dep] && cfg.Condition != types.ServiceConditionCompletedSuccessfully:
				problems = append(problems, fmt.Sprintf("service %q depends on one-shot job %q with condition %q; use service_completed_successfully", name, dep, cfg.Condition))
			case !jobs[dep] && cfg.Condition != types.ServiceConditionHealthy:
				problems = append(problems, fmt.Sprintf("service %q depends on %q with condition %q; use service_healthy", name, dep, cfg.Condition))
			}
		}
		if svc.Image == "" && svc.Build == nil {
			problems = append(problems, fmt.Sprintf("service %q has neither image nor build", name))
		}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(os.Stderr, "compose-check: %s\n", p)
		}
		os.Exit(1)
	}
	fmt.Printf("compose-check: %s is valid (%d services: %s)\n", strings.Join(os.Args[1:], ", "), len(names), strings.Join(names, ", "))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "compose-check: "+format+"\n", args...)
	os.Exit(1)
}
