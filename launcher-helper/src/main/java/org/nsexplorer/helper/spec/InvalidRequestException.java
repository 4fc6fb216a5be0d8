package org.nsexplorer.helper.spec;

/**
 * A request refused before anything changed on the host. field names the option at fault
 * (as the JSON protocol spells it), the message says what was wrong and what to do.
 */
public class InvalidRequestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
