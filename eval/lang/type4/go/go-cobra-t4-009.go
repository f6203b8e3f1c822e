// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e args.go NoDuplicateArgs
package dedupe_eval

func UniqueArgs(cmd *Command, args []string) error {
	for i := 1; i < len(args); i++ {
		for j := 0; j < i; j++ {
			if args[i] == args[j] {
				return fmt.Errorf("duplicate argument %q for %q", args[i], cmd.CommandPath())
			}
		}
	}
	return nil
}
