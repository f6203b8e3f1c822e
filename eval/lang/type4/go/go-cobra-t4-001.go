// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e doc/man_docs.go manPrintOptions
package dedupe_eval

func writeManOptionSections(out io.StringWriter, cmd *cobra.Command) {
	sections := []struct {
		title string
		set   *pflag.FlagSet
	}{
		{"# OPTIONS\n", cmd.NonInheritedFlags()},
		{"# OPTIONS INHERITED FROM PARENT COMMANDS\n", cmd.InheritedFlags()},
	}
	for _, s := range sections {
		if !s.set.HasAvailableFlags() {
			continue
		}
		cobra.WriteStringAndCheck(out, s.title)
		manPrintFlags(out, s.set)
		cobra.WriteStringAndCheck(out, "\n")
	}
}
