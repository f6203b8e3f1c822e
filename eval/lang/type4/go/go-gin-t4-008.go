// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 mode.go SetMode
package dedupe_eval

func chooseMode(mode string) {
	if mode == "" {
		mode = DebugMode
		if flag.Lookup("test.v") != nil {
			mode = TestMode
		}
	}
	codes := map[string]int32{DebugMode: debugCode, ReleaseMode: releaseCode, TestMode: testCode}
	code, known := codes[mode]
	if !known {
		panic("gin mode unknown: " + mode + " (available mode: debug release test)")
	}
	atomic.StoreInt32(&ginMode, code)
	modeName.Store(mode)
}
