package org.nsexplorer.helper.serve;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What `serve` makes of a line, without carrying it out: the id its answer will carry (null
 * when the line's id cannot be read or echoed), and the request's type when it is accepted
 * (null when refused). The fuzz bench uses it to match each answer to the line it sent.
 */
public record RequestPreview(String answerId, String acceptedType) {
    private static final RequestParser PARSER = new RequestParser();
    private static final Map<Class<?>, String> TYPE_NAMES = Request.TYPES.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));

    /** LINE without its newline, as serve reads it. */
    public static RequestPreview of(byte[] line) {
        if (line.length > RequestLines.MAX_LINE_BYTES) {
            return new RequestPreview(null, null);
        }
        synchronized (PARSER) {
            RequestParser.Parsed parsed = PARSER.parse(line);
            if (parsed instanceof RequestParser.Refused refused) {
                return new RequestPreview(refused.id(), null);
            }
            Request request = ((RequestParser.Accepted) parsed).request();
            return new RequestPreview(request.id(), TYPE_NAMES.get(request.getClass()));
        }
    }
}
