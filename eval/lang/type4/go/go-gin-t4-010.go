// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 tree.go longestCommonPrefix
package dedupe_eval

func sharedPrefixLen(left, right string) int {
	n := len(left)
	if len(right) < n {
		n = len(right)
	}
	for k := 0; k < n; k++ {
		if left[k] != right[k] {
			return k
		}
	}
	return n
}
