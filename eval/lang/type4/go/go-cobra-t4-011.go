// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e doc/util.go hasSeeAlso
package dedupe_eval

func needsSeeAlso(cmd *cobra.Command) bool {
	if cmd.HasParent() {
		return true
	}
	children := cmd.Commands()
	for i := range children {
		if children[i].IsAvailableCommand() && !children[i].IsAdditionalHelpTopicCommand() {
			return true
		}
	}
	return false
}
