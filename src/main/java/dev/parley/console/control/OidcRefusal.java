package dev.parley.console.control;

/**
 * Why a browser sign-in through the IdP did not happen. The reason is one of a few fixed words the login page turns
 * into a message, so nothing the IdP or a caller sent is ever echoed back.
 */
public class OidcRefusal extends RuntimeException {

    private final String reason;

    public OidcRefusal(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public OidcRefusal(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * {@code off} (not configured), {@code idp} (unreachable or unusable), {@code denied} (it answered with an error),
     * {@code state}, {@code exchange} (the code was not redeemed), {@code token} (the ID token was refused) or
     * {@code role} (no console role).
     */
    public String reason() {
        return reason;
    }
}
