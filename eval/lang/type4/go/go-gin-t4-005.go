// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 debug.go getMinVer
package dedupe_eval

func minorVersion(version string) (uint64, error) {
	parts := strings.Split(version, ".")
	if len(parts) < 2 {
		return 0, fmt.Errorf("no minor version in %q", version)
	}
	minor := parts[1]
	return strconv.ParseUint(minor, 10, 64)
}
