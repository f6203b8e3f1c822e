// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: gin-gonic/gin dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9 binding/json.go decodeJSON
package dedupe_eval

func readJSONInto(body io.Reader, target any) (err error) {
	dec := json.API.NewDecoder(body)
	switch {
	case EnableDecoderUseNumber && EnableDecoderDisallowUnknownFields:
		dec.UseNumber()
		dec.DisallowUnknownFields()
	case EnableDecoderUseNumber:
		dec.UseNumber()
	case EnableDecoderDisallowUnknownFields:
		dec.DisallowUnknownFields()
	}
	if err = dec.Decode(target); err == nil {
		err = validate(target)
	}
	return err
}
