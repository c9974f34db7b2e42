package web

import (
	_ "embed"
	"net/http"
)

// openapiJSON is the hand-written OpenAPI 3.0 description of the API.
// TestOpenAPI checks it against the route table.
//
//go:embed openapi.json
var openapiJSON []byte

// openAPI serves GET /api/v1/openapi.json.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openapiJSON)
}
