// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 errors.go errorMsgs.JSON
package dedupe_eval

func (list errorMsgs) asJSON() any {
	if len(list) == 0 {
		return nil
	}
	if len(list) == 1 {
		return list[0].JSON()
	}
	out := []any{}
	for _, e := range list {
		out = append(out, e.JSON())
	}
	return out
}
