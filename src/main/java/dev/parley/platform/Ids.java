package dev.parley.platform;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/** Opaque, URL-safe identifiers: time-ordered prefix plus randomness, lower-case alphanumerics only. */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** 25 characters, sortable by creation time at millisecond granularity. */
    public static String next() {
        StringBuilder sb = new StringBuilder(25);
        long t = System.currentTimeMillis();
        char[] time = new char[9];
        for (int i = 8; i >= 0; i--) {
            time[i] = ALPHABET[(int) (t % 36)];
            t /= 36;
        }
        sb.append(time);
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(36)]);
        }
        return sb.toString();
    }

    /**
     * A record's envelope id: seven random alphanumerics, unique enough among a chat's records and not secret, so
     * drawn without the lock that every thread's {@link SecureRandom} draws share (one per chunk of every turn).
     */
    public static String recordId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] c = new char[7];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALNUM[random.nextInt(ALNUM.length)];
        }
        return new String(c);
    }

    /** Random alphanumerics from a cryptographic source, e.g. secret keys and sign-in state. */
    public static String random(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
        }
        return new String(c);
    }
}
