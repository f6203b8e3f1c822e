// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e args.go MatchAll
package dedupe_eval

func AllOf(validators ...PositionalArgs) PositionalArgs {
	return func(cmd *Command, args []string) (err error) {
		for k := 0; k < len(validators) && err == nil; k++ {
			err = validators[k](cmd, args)
		}
		return err
	}
}
