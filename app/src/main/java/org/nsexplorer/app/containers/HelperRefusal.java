package org.nsexplorer.app.containers;

/** The helper answered a request with an error: its kind, the field at fault (or null) and its message. */
public final class HelperRefusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String field;

    public HelperRefusal(String kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public String kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
