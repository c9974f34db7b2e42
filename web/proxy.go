package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Deployments. shebao serves plain HTTP on a loopback address for one
// desk, HTTPS itself (shebao serve --tls-cert/--tls-key), or plain HTTP
// behind a reverse proxy that terminates TLS (nginx). Behind a proxy the
// peer of every request is the proxy: the client's address and whether it
// used HTTPS come in X-Forwarded-For and X-Forwarded-Proto, which anyone
// can send, so they are believed only from the addresses configured as
// trusted proxies (Options.TrustedProxies, --trusted-proxy). The client's
// address is what the sign-in throttle counts and the audit log records;
// HTTPS decides the session cookie's Secure flag and __Host- name and the
// HSTS header.

// client is who is at the other end of a request, as far as the server
// can tell.
type client struct {
	ip    string // the client's address
	https bool   // the client's connection is TLS (to us or to a trusted proxy)
}

type clientKey struct{}

// clientOf returns the request's client, set by withClient; a request that
// bypassed it (a handler called directly in a test) is judged by its peer.
func clientOf(r *http.Request) client {
	if c, ok := r.Context().Value(clientKey{}).(client); ok {
		return c
	}
	return client{ip: peerIP(r.RemoteAddr), https: r.TLS != nil}
}

// clientIP returns the IP address of the client: the peer, or behind a
// trusted proxy the address it forwarded.
func clientIP(r *http.Request) string { return clientOf(r).ip }

// overHTTPS reports whether the client reached us over TLS, directly or
// through a trusted proxy.
func overHTTPS(r *http.Request) bool { return clientOf(r).https }

// peerIP is the host part of a RemoteAddr.
func peerIP(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}

// withClient works out the request's client once, for every layer.
func (s *Server) withClient(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := s.clientFor(r)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, c)))
	})
}

// clientFor reads X-Forwarded-For and X-Forwarded-Proto when the peer is
// a trusted proxy. X-Forwarded-For lists the addresses each proxy saw,
// the nearest last: walking it from the right while the hop is a trusted
// proxy, the first address that is not one is the client (anything left
// of it the client may have written itself). X-Forwarded-Proto is the
// scheme the nearest proxy served.
func (s *Server) clientFor(r *http.Request) client {
	c := client{ip: peerIP(r.RemoteAddr), https: r.TLS != nil}
	if len(s.trusted) == 0 || !s.isTrusted(c.ip) {
		return c
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0 && s.isTrusted(c.ip); i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break
		}
		c.ip = a
	}
	if v := r.Header.Values("X-Forwarded-Proto"); len(v) > 0 {
		last := v[len(v)-1]
		if i := strings.LastIndexByte(last, ','); i >= 0 {
			last = last[i+1:]
		}
		c.https = strings.EqualFold(strings.TrimSpace(last), "https")
	}
	return c
}

// isTrusted reports whether the address is one of a trusted proxy.
func (s *Server) isTrusted(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHop reads one X-Forwarded-For entry: an address, perhaps with a
// port or in brackets; ok is false for anything else.
func parseHop(h string) (string, bool) {
	h = strings.TrimSpace(h)
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr().Unmap().String(), true
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	a, err := netip.ParseAddr(h)
	if err != nil {
		return "", false
	}
	return a.Unmap().String(), true
}

// ParseTrustedProxies reads a list of trusted proxies: addresses or CIDR
// ranges separated by commas ("127.0.0.1,192.0.2.0/24"), with an error in
// Chinese.
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("受信任的代理地址“%s”无效,应为IP地址或CIDR网段(如192.0.2.10或192.0.2.0/24)", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("受信任的代理地址“%s”无效,应为IP地址或CIDR网段(如192.0.2.10或192.0.2.0/24)", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
