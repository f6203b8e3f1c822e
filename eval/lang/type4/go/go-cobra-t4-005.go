// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: spf13/cobra adbc8813901bba65827259daa8e22ff94ec1f30e bash_completions.go writeCmdAliases
package dedupe_eval

func emitAliases(out io.StringWriter, cmd *Command) {
	if len(cmd.Aliases) > 0 {
		sort.Strings(cmd.Aliases)
		var b strings.Builder
		b.WriteString(`    if [[ -z "${BASH_VERSION:-}" || "${BASH_VERSINFO[0]:-}" -gt 3 ]]; then` + "\n")
		for _, a := range cmd.Aliases {
			fmt.Fprintf(&b, "        command_aliases+=(%q)\n", a)
			fmt.Fprintf(&b, "        aliashash[%q]=%q\n", a, cmd.Name())
		}
		b.WriteString("    fi\n")
		WriteStringAndCheck(out, b.String())
	}
}
