"""A small OpenID Connect provider on 127.0.0.1 for the sign-in tests: nothing leaves the machine.

It speaks the authorization-code flow that Streamlit's ``st.login`` uses
(through Authlib): discovery document, an authorization page where the test
types the e-mail address to sign in as, the token endpoint (client secret,
PKCE S256 checked with Authlib's own function), ID tokens signed RS256 with
a key made at start-up (joserfc, Authlib's JOSE library), and the JWKS that
verifies them. The app is configured for it in a ``secrets.toml`` of the
test's own (``[auth]``), never the repository's.
"""

from __future__ import annotations

import base64
import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey

__all__ = ["OIDCProvider"]

CLIENT_ID = "geo-test-app"
CLIENT_SECRET = "test-secret-" + "x" * 20


class OIDCProvider:
    """Start with ``with OIDCProvider() as idp:``; ``idp.issuer`` is its base URL, ``idp.secrets_toml(...)`` the app's config."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.signed_in: list[str] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: bytes, kind: str = "application/json", headers=()) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _json(self, data: dict, status: int = 200) -> None:
                self._send(status, json.dumps(data).encode())

            def _form(self) -> dict[str, str]:
                length = int(self.headers.get("Content-Length") or 0)
                return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self._json(provider.metadata())
                elif parts.path == "/jwks":
                    self._json({"keys": [provider.key.as_dict(private=False)]})
                elif parts.path == "/authorize":
                    self._send(200, provider.login_page(query).encode(), "text/html; charset=utf-8")
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:
                form = self._form()
                if self.path == "/authorize":
                    if form.get("client_id") != CLIENT_ID:
                        self._json({"error": "unauthorized_client"}, 400)
                        return
                    code = generate_token(32)
                    provider.codes[code] = form
                    provider.signed_in.append(form["email"])
                    target = form["redirect_uri"] + "?" + urlencode({"code": code, "state": form.get("state", "")})
                    self._send(302, b"", "text/plain", [("Location", target)])
                elif self.path == "/token":
                    self._json(*provider.token(form, self.headers.get("Authorization", "")))
                else:
                    self._json({"error": "not_found"}, 404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }

    def login_page(self, query: dict) -> str:
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
            if k in ("client_id", "redirect_uri", "state", "nonce", "code_challenge", "scope")
        )
        return (
            "<!doctype html><title>Test identity provider</title><h1>Test identity provider</h1>"
            f'<form method="post" action="/authorize">{hidden}'
            '<label>E-mail <input name="email" type="email" required></label>'
            "<button type=submit>Sign in</button></form>"
        )

    def token(self, form: dict, authorization: str) -> tuple[dict, int]:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
            return {"error": "invalid_client"}, 401
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return {"error": "invalid_grant"}, 400
        challenge = grant.get("code_challenge")
        if challenge and create_s256_code_challenge(form.get("code_verifier", "")) != challenge:
            return {"error": "invalid_grant", "error_description": "PKCE verification failed"}, 400
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": grant["email"],
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 3600,
            "email": grant["email"],
            "email_verified": True,
            "name": grant["email"].split("@")[0],
        }
        if grant.get("nonce"):
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        return {
            "access_token": generate_token(32),
            "token_type": "Bearer",
            "expires_in": 3600,
            "id_token": id_token,
        }, 200

    def secrets_toml(self) -> str:
        """The ``[auth]`` section an app needs to sign in here (``{port}`` is filled in by Streamlit)."""
        return (
            "[auth]\n"
            'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{generate_token(48)}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{self.issuer}/.well-known/openid-configuration"\n'
        )

    def __enter__(self) -> OIDCProvider:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
