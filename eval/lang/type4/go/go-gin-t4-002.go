// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 context.go Context.SetCookieData
package dedupe_eval

func (ctx *Context) putCookie(ck *http.Cookie) {
	c := *ck
	if len(c.Path) == 0 {
		c.Path = "/"
	}
	if c.SameSite == http.SameSiteDefaultMode {
		c.SameSite = ctx.sameSite
	}
	*ck = c
	ctx.Writer.Header().Add("Set-Cookie", ck.String())
}
