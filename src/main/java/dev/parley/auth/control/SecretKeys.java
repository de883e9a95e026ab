package dev.parley.auth.control;

import dev.parley.platform.Ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The format and hashing of secret API keys ({@code tr_<env slug>_<40 random characters>}). */
public final class SecretKeys {

    public static final int MIN_LENGTH = 32;
    /** Far above any real key; bounds what a key costs to hash, seal and compare. */
    public static final int MAX_LENGTH = 512;
    /** The width of {@code api_key.key_hint}: every hint must fit it, whatever the key's prefix. */
    public static final int HINT_MAX = 24;
    private static final int HINT_PREFIX_MAX = HINT_MAX - 5;

    private SecretKeys() {
    }

    public static String generate(String environmentSlug) {
        String slug = environmentSlug.replaceAll("[^a-zA-Z0-9]", "");
        return "tr_" + (slug.isEmpty() ? "env" : slug) + "_" + Ids.random(40);
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What may be shown of a key after creation: its prefix (up to the last {@code _}, cut to fit the column) and its
     * last four characters. Keys are printable ASCII, so lengths in chars are lengths in the column's characters.
     */
    public static String hint(String secret) {
        int cut = secret.lastIndexOf('_');
        String prefix = cut > 0 ? secret.substring(0, cut + 1) : "";
        if (prefix.length() > HINT_PREFIX_MAX) {
            prefix = prefix.substring(0, HINT_PREFIX_MAX);
        }
        return prefix + "…" + secret.substring(Math.max(0, secret.length() - 4));
    }

    /**
     * HS256 needs at least 256 bits of key; shorter keys could not sign or verify session tokens. Keys travel in
     * {@code Authorization} headers, so only visible ASCII is accepted.
     */
    public static void requireUsable(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH || secret.length() > MAX_LENGTH
                || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("a secret key needs " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " visible ASCII characters (no spaces)");
        }
    }
}
