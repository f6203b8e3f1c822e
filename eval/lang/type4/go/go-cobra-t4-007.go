// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e command.go Command.AllChildCommandsHaveGroup
package dedupe_eval

func (cmd *Command) everyChildGrouped() bool {
	ungrouped := 0
	for _, child := range cmd.commands {
		visible := child.IsAvailableCommand() || child == cmd.helpCommand
		if visible && len(child.GroupID) == 0 {
			ungrouped++
		}
	}
	return ungrouped == 0
}
