// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 render/render.go writeContentType
package dedupe_eval

func setContentTypeOnce(rw http.ResponseWriter, ct []string) {
	h := rw.Header()
	if existing, ok := h["Content-Type"]; ok && len(existing) > 0 {
		return
	}
	h["Content-Type"] = ct
}
