// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e args.go legacyArgs
package dedupe_eval

func checkLegacyArgs(cmd *Command, positional []string) error {
	isRootWithChildren := cmd.HasSubCommands() && !cmd.HasParent()
	if !isRootWithChildren || len(positional) == 0 {
		return nil
	}
	first := positional[0]
	return fmt.Errorf("unknown command %q for %q%s", first, cmd.CommandPath(), cmd.findSuggestions(first))
}
