package dev.parley.console.entity;

/**
 * What the console remembers between sending a browser to the IdP and its callback: the PKCE verifier, the nonce the
 * ID token must echo, the redirect URI the code exchange repeats, and the console path to land on afterwards.
 */
public record OidcSignInStart(String verifier, String nonce, String redirectUri, String returnTo) {
}
