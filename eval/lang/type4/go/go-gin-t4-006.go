// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 context.go Context.ShouldBindBodyWith
package dedupe_eval

func (ctx *Context) bindCachedBody(target any, b binding.BindingBody) error {
	cached, _ := ctx.Get(BodyBytesKey)
	data, isBytes := cached.([]byte)
	if !isBytes || data == nil {
		raw, readErr := io.ReadAll(ctx.Request.Body)
		if readErr != nil {
			return readErr
		}
		ctx.Set(BodyBytesKey, raw)
		data = raw
	}
	return b.BindBody(data, target)
}
