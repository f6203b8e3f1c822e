// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 logger.go LogFormatterParams.StatusCodeColor
package dedupe_eval

func (params *LogFormatterParams) colorForStatus() string {
	status := params.StatusCode
	if status >= http.StatusInternalServerError || status < http.StatusContinue {
		return red
	}
	if status >= http.StatusBadRequest {
		return yellow
	}
	if status >= http.StatusOK && status < http.StatusMultipleChoices {
		return green
	}
	return white
}
