// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e command.go Command.hasNameOrAliasPrefix
package dedupe_eval

func (cmd *Command) matchesPrefix(p string) bool {
	names := append([]string{cmd.Name()}, cmd.Aliases...)
	for _, n := range names {
		if len(n) >= len(p) && n[:len(p)] == p {
			cmd.commandCalledAs.name = n
			return true
		}
	}
	return false
}
