package dev.parley.store.entity;

/**
 * A store write refused before anything was written, with the HTTP status and error {@code code} a client gets for
 * it. An {@link IllegalArgumentException}, so agent code that wrote a refused value sees the ordinary kind.
 */
public class StoreRefusal extends IllegalArgumentException {

    private final int status;
    private final String code;

    public StoreRefusal(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
