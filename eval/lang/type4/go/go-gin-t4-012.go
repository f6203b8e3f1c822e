// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 context.go bodyAllowedForStatus
package dedupe_eval

func statusMayHaveBody(code int) bool {
	if code == http.StatusNoContent || code == http.StatusNotModified {
		return false
	}
	informational := code >= 100 && code <= 199
	return !informational
}
