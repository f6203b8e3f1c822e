// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e command.go defaultHelpFunc
package dedupe_eval

func printDefaultHelp(out io.Writer, v interface{}) error {
	cmd := v.(*Command)
	text := cmd.Long
	if len(text) == 0 {
		text = cmd.Short
	}
	if text = trimRightSpace(text); len(text) > 0 {
		fmt.Fprintf(out, "%s\n\n", text)
	}
	if cmd.HasSubCommands() || cmd.Runnable() {
		fmt.Fprint(out, cmd.UsageString())
	}
	return nil
}
