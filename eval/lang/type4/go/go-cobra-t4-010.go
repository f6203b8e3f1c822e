// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e bash_completions.go writeCommands
package dedupe_eval

func emitCommandList(out io.StringWriter, parent *Command) {
	lines := []string{"    commands=()\n"}
	WriteStringAndCheck(out, lines[0])
	for _, sub := range parent.Commands() {
		if sub.IsAvailableCommand() || sub == parent.helpCommand {
			WriteStringAndCheck(out, fmt.Sprintf("    commands+=(%q)\n", sub.Name()))
			writeCmdAliases(out, sub)
		}
	}
	WriteStringAndCheck(out, "\n")
}
