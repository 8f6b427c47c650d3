// Command cybernorms builds, checks and reproduces the Paris Call study:
// datasets from the chapter and the upstream supporter history, figures,
// tables and a report. Run "cybernorms help" for the commands.
package main

import (
	"os"

	"github.com/cybernorms/cybernorms/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
