// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 context.go Context.IsWebsocket
package dedupe_eval

func (ctx *Context) wantsWebsocket() bool {
	conn := strings.ToLower(ctx.requestHeader("Connection"))
	if !strings.Contains(conn, "upgrade") {
		return false
	}
	upgrade := ctx.requestHeader("Upgrade")
	return strings.ToLower(upgrade) == "websocket"
}
