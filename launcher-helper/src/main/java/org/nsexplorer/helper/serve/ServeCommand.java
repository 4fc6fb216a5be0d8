package org.nsexplorer.helper.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.nsexplorer.helper.Helper;
import org.nsexplorer.helper.engine.Engine;
import org.nsexplorer.helper.words.Sentence;
import org.nsexplorer.helper.words.Word;

/**
 * `nsx-helper serve`: the engine behind typed JSON messages. When stdin closes (the app
 * quit or crashed) every container is killed and everything made for it removed. No line,
 * however long or malformed, ends the helper: each gets a typed error and the next is read.
 */
public final class ServeCommand {
    public static final int PROTOCOL_VERSION = 1;

    private ServeCommand() {
    }

    public static int serve(InputStream in, OutputStream out) {
        Outbox outbox = new Outbox(out);
        Engine engine;
        try {
            engine = Helper.openEngine(false);
        } catch (IOException e) {
            outbox.send(Replies.say(outbox.message("error").put("kind", "helper"), e));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "nsx-cleanup"));
        RequestHandler handler;
        try {
            handler = new RequestHandler(engine, outbox);
        } catch (IOException e) {
            outbox.send(Replies.say(outbox.message("error").put("kind", "helper"), e));
            engine.close();
            return 1;
        }
        RequestParser parser = new RequestParser();
        Replies replies = new Replies(outbox, engine);
        handler.warmUp(parser); // before "hello": the app enables Launch once the helper is warm
        outbox.send(outbox.message("hello").put("protocol", PROTOCOL_VERSION)
                .put("cgroup", engine.cgroups().version()));
        try {
            RequestLines lines = new RequestLines(in);
            RequestLines.Line line;
            while ((line = lines.next()) != null) {
                if (line instanceof RequestLines.TooLong tooLong) {
                    replies.refused(new RequestParser.Refused(null, "protocol", "line", Sentence.of(
                            Word.REQUEST_LINE_TOO_LONG, tooLong.bytes(), RequestLines.MAX_LINE_BYTES)));
                    continue;
                }
                RequestLines.Text text = (RequestLines.Text) line;
                if (text.isBlank()) {
                    continue;
                }
                RequestParser.Parsed parsed = parser.parse(text.bytes());
                if (parsed instanceof RequestParser.Refused refused) {
                    replies.refused(refused);
                    continue;
                }
                Request request = ((RequestParser.Accepted) parsed).request();
                try {
                    handler.handle(request);
                } catch (RuntimeException e) {
                    // One bad request must never end every container.
                    outbox.send(replies.error(request.id(), "helper").put("message", String.valueOf(e)));
                }
            }
        } catch (IOException e) {
            System.err.println("nsx-helper: reading requests: " + e.getMessage());
        } finally {
            engine.close();
            handler.close();
        }
        return 0;
    }
}
