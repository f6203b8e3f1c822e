// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e command.go Command.findSuggestions
package dedupe_eval

func (cmd *Command) suggestionText(typed string) string {
	if cmd.DisableSuggestions {
		return ""
	}
	if cmd.SuggestionsMinimumDistance < 1 {
		cmd.SuggestionsMinimumDistance = 2
	}
	found := cmd.SuggestionsFor(typed)
	if len(found) == 0 {
		return ""
	}
	text := "\n\nDid you mean this?\n"
	for _, f := range found {
		text += "\t" + f + "\n"
	}
	return text
}
