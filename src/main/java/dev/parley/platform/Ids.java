package dev.parley.platform;

import java.security.SecureRandom;

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

    /** Random alphanumerics, e.g. record envelope ids and secret keys. */
    public static String random(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
        }
        return new String(c);
    }
}
