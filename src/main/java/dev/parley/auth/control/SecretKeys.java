package dev.parley.auth.control;

import dev.parley.platform.Ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The format and hashing of secret API keys ({@code tr_<env slug>_<40 random characters>}). */
public final class SecretKeys {

    public static final int MIN_LENGTH = 32;

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

    /** What may be shown of a key after creation: its prefix and last four characters. */
    public static String hint(String secret) {
        int cut = secret.lastIndexOf('_');
        String prefix = cut > 0 ? secret.substring(0, cut + 1) : "";
        return prefix + "…" + secret.substring(Math.max(0, secret.length() - 4));
    }

    /** HS256 needs at least 256 bits of key; shorter keys could not sign or verify session tokens. */
    public static void requireUsable(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH || secret.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a secret key needs at least " + MIN_LENGTH + " characters and no spaces");
        }
    }
}
