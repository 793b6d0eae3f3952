package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// apiError is a refusal in the Bot API's shape.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64
	html       bool // answer with the front proxy's HTML page (502)
	silent     bool // the client is gone: write nothing
}

func badRequest(desc string) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + desc}
}

func errNotFound() *apiError {
	return &apiError{code: http.StatusNotFound, desc: "Not Found"}
}

func tooMany(retryAfter int) *apiError {
	return &apiError{
		code:       http.StatusTooManyRequests,
		desc:       "Too Many Requests: retry after " + strconv.Itoa(retryAfter),
		retryAfter: retryAfter,
	}
}

// described is a successful result that also carries a description, as
// setWebhook's "Webhook was set".
type described struct {
	result any
	desc   string
}

type okBody struct {
	OK          bool   `json:"ok"`
	Result      any    `json:"result"`
	Description string `json:"description,omitempty"`
}

type errBody struct {
	OK          bool        `json:"ok"`
	ErrorCode   int         `json:"error_code"`
	Description string      `json:"description"`
	Parameters  *respParams `json:"parameters,omitempty"`
}

type respParams struct {
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
	RetryAfter      int   `json:"retry_after,omitempty"`
}

// badGatewayPage is what the proxy in front of the Bot API sends with a 502.
const badGatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
	"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// answer writes a result or an error; method is only for the debug log.
func (s *Server) answer(w http.ResponseWriter, method string, res any, e *apiError) {
	if e != nil && e.silent {
		return
	}
	if e != nil && e.html {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, badGatewayPage)
		s.log.Debug("telegramtest: call", "method", method, "status", http.StatusBadGateway)
		return
	}
	var body any
	status := http.StatusOK
	if e != nil {
		status = e.code
		eb := errBody{ErrorCode: e.code, Description: e.desc}
		if e.retryAfter > 0 || e.migrateTo != 0 {
			eb.Parameters = &respParams{MigrateToChatID: e.migrateTo, RetryAfter: e.retryAfter}
		}
		body = eb
	} else if d, ok := res.(described); ok {
		body = okBody{OK: true, Result: d.result, Description: d.desc}
	} else {
		body = okBody{OK: true, Result: res}
	}
	data, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
	s.log.Debug("telegramtest: call", "method", method, "status", status)
}

// readParams merges the query string and the body (form, multipart or JSON)
// into one map; a body value wins over a query value. JSON strings are
// unquoted; other JSON values (objects, numbers, booleans) are kept as JSON
// text, which is how the form encoding carries them too. Values are copied:
// the form parser hands out substrings of the whole body, and a Sent record
// keeping a short chat_id would otherwise keep the body alive.
func readParams(r *http.Request) (map[string]string, error) {
	p := make(map[string]string, 8)
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			p[strings.Clone(k)] = strings.Clone(v[0])
		}
	}
	if r.Body == nil || r.Method == http.MethodGet {
		return p, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, errors.New("can't read request body")
		}
		data = bytes.TrimSpace(data)
		if len(data) == 0 {
			return p, nil
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, errors.New("can't parse JSON request body")
		}
		for k, raw := range m {
			if string(raw) == "null" {
				continue
			}
			if raw[0] == '"' {
				var v string
				if err := json.Unmarshal(raw, &v); err != nil {
					return nil, errors.New("can't parse JSON request body")
				}
				p[k] = v
				continue
			}
			p[k] = string(raw)
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return nil, errors.New("can't parse multipart request body")
		}
		for k, v := range r.MultipartForm.Value {
			if len(v) > 0 {
				p[strings.Clone(k)] = strings.Clone(v[0])
			}
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, errors.New("can't parse request body")
		}
		for k, v := range r.PostForm {
			if len(v) > 0 {
				p[strings.Clone(k)] = strings.Clone(v[0])
			}
		}
	}
	return p, nil
}

// intParam reads an optional integer parameter.
func intParam(p map[string]string, name string) (int64, bool, *apiError) {
	v, ok := p[name]
	if !ok || v == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, false, badRequest(fmt.Sprintf("parameter %q must be an integer", name))
	}
	return n, true, nil
}

// boolParam reads an optional boolean parameter the lenient way the Bot API does.
func boolParam(p map[string]string, name string) bool {
	switch strings.ToLower(strings.TrimSpace(p[name])) {
	case "true", "1", "yes", "on":
		return true
	}
	return false
}
