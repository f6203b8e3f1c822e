// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e completions.go helpOrVersionFlagPresent
package dedupe_eval

func versionOrHelpRequested(cmd *Command) bool {
	for _, name := range []string{"version", helpFlagName} {
		f := cmd.Flags().Lookup(name)
		if f == nil || !f.Changed {
			continue
		}
		if len(f.Annotations[FlagSetByCobraAnnotation]) != 0 {
			return true
		}
	}
	return false
}
