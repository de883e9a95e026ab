package dev.parley.agent.model;

/**
 * A provider call that failed. {@code retryable} says the failure is transient (connection refused, timeout to the
 * first byte, 429, 5xx, an overloaded event before any output); the fault policy retries only those, and only while
 * nothing has been streamed yet. {@code status} is the HTTP status, 0 when there was none.
 */
public class ModelException extends RuntimeException {

    private final String provider;
    private final int status;
    private final boolean retryable;
    private final long retryAfterMillis;

    public ModelException(String provider, String message, int status, boolean retryable, Throwable cause) {
        this(provider, message, status, retryable, -1, cause);
    }

    public ModelException(String provider, String message, int status, boolean retryable, long retryAfterMillis,
                          Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.status = status;
        this.retryable = retryable;
        this.retryAfterMillis = retryAfterMillis;
    }

    public static ModelException fatal(String provider, String message) {
        return new ModelException(provider, message, 0, false, null);
    }

    public static ModelException transientFailure(String provider, String message, Throwable cause) {
        return new ModelException(provider, message, 0, true, cause);
    }

    public String provider() {
        return provider;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The provider's {@code Retry-After} in milliseconds, or -1. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
