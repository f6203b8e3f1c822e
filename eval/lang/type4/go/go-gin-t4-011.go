// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 gin.go iterate
package dedupe_eval

func collectRoutes(prefix, verb string, acc RoutesInfo, n *node) RoutesInfo {
	full := prefix + n.path
	if count := len(n.handlers); count != 0 {
		last := n.handlers[count-1]
		acc = append(acc, RouteInfo{Method: verb, Path: full, Handler: nameOfFunction(last), HandlerFunc: last})
	}
	for k := range n.children {
		acc = collectRoutes(full, verb, acc, n.children[k])
	}
	return acc
}
