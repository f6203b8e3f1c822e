// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 context.go Context.RemoteIP
package dedupe_eval

func (ctx *Context) peerAddress() string {
	addr := strings.TrimSpace(ctx.Request.RemoteAddr)
	host, _, splitErr := net.SplitHostPort(addr)
	if splitErr == nil {
		return host
	}
	return ""
}
