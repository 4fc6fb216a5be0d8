package org.nsexplorer.app.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nsexplorer.app.lessons.support.Snippets.action;
import static org.nsexplorer.app.lessons.support.Snippets.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nsexplorer.app.lessons.support.HelperLessonContext;
import org.nsexplorer.app.lessons.support.Snippets;

/**
 * address and ping against containers with a veth pair, one without, and one whose link is
 * taken down from inside: the addresses are the ones the helper gave (read from its list,
 * never assumed), and each check says them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkChecksTest {
    private HelperLessonContext context;
    /** private's veth pair: its interface and address, and the host's end. */
    private JsonNode veth;

    @BeforeAll
    void launch() throws Exception {
        context = HelperLessonContext.start(true);
        assertEquals("", run("launch: {as: private, namespaces: [mnt, pid, net], mounts: [proc], network: veth}"));
        assertEquals("", run("launch: {as: lonely, namespaces: [mnt, pid, net], network: isolated}"));
        veth = vethOf("private");
    }

    @AfterAll
    void end() {
        if (context != null) {
            context.close();
        }
    }

    /** NAME's veth pair as the helper's container list describes it. */
    private JsonNode vethOf(String name) throws Exception {
        String id = context.container(name).orElseThrow().helperIdProperty().get();
        JsonNode list = context.helper().list().get(10, TimeUnit.SECONDS);
        for (JsonNode c : list.path("containers")) {
            if (c.path("container").asText().equals(id)) {
                assertTrue(c.has("veth"), c.toString());
                return c.path("veth");
            }
        }
        throw new AssertionError(id + " is not in " + list);
    }

    private static String address(JsonNode veth, String field) {
        return veth.path(field).asText().replaceAll("/.*", "");
    }

    private String run(String actionLine, String... names) throws Exception {
        return Snippets.run(action(actionLine, names), context);
    }

    private CheckResult result(String checkLine, String... names) throws Exception {
        return Snippets.run(check(checkLine, names), context);
    }

    private static void passes(CheckResult r, String... says) {
        assertTrue(r.passed(), r.why());
        for (String s : says) {
            assertTrue(r.why().contains(s), "“" + r.why() + "” should say " + s);
        }
    }

    private static void fails(CheckResult r, String... says) {
        assertFalse(r.passed(), r.why());
        for (String s : says) {
            assertTrue(r.why().contains(s), "“" + r.why() + "” should say " + s);
        }
    }

    @Test
    void addressFindsTheVethPairsEnds() throws Exception {
        String inside = address(veth, "containerAddress");
        String outside = address(veth, "hostAddress");
        passes(result("address: {in: private, address: " + inside + "}", "private"),
                "private: " + veth.path("containerInterface").asText() + " has " + inside + " and is up");
        passes(result("address: {in: host, address: " + outside + "}"),
                "the host: " + veth.path("hostInterface").asText() + " has " + outside);
        // Not there: the sentence lists what is up instead.
        fails(result("address: {in: private, address: 192.0.2.77}", "private"),
                "private has no interface up with 192.0.2.77", inside);
        fails(result("address: {in: host, address: " + inside + "}"), "the host has no interface up with " + inside);
        fails(result("address: {in: lonely, address: " + inside + "}", "lonely"),
                "lonely has no interface up with " + inside);
    }

    @Test
    void vethPairFindsBothEndsInOneSubnetAndSaysWhichSubnet() throws Exception {
        String inside = address(veth, "containerAddress");
        CheckResult pair = result("veth-pair: private", "private");
        passes(pair, "private has " + inside + "/", "the host has " + address(veth, "hostAddress"),
                veth.path("hostInterface").asText());
        // Said when the walkthrough's 10.0.0.x was taken, and only then.
        assertEquals(!inside.startsWith("10.0.0."), pair.why().contains("10.0.0.0/24 was taken"), pair.why());
        // An isolated container has only lo: no end of a pair.
        fails(result("veth-pair: lonely", "lonely"), "lonely has no interface up in a subnet the host also has");
    }

    @Test
    void pingCountsTheRepliesBothWays() throws Exception {
        passes(result("ping: {from: private, to: host}", "private"),
                "private pinged " + address(veth, "hostAddress") + ": 3 of 3 replies");
        passes(result("ping: {from: host, to: private}", "private"),
                "the host pinged " + address(veth, "containerAddress") + ": 3 of 3 replies");
        // lonely has no veth: nothing to ping, and the helper says so.
        fails(result("ping: {from: host, to: lonely}", "lonely"), "no veth or bridge network");
    }

    @Test
    void aLinkTakenDownFailsAddressAndPing() throws Exception {
        assertEquals("", run("launch: {as: cut, namespaces: [mnt, pid, net], mounts: [proc], network: veth}"));
        JsonNode cutVeth = vethOf("cut");
        String inside = address(cutVeth, "containerAddress");
        passes(result("ping: {from: host, to: cut}", "cut"), "3 of 3 replies");
        assertEquals("", run("type: {into: cut, text: \"ip link set " + cutVeth.path("containerInterface").asText()
                + " down; echo down-$((1+1))\", until: down-2}", "cut"));
        fails(result("address: {in: cut, address: " + inside + "}", "cut"), "cut has no interface up with " + inside);
        fails(result("ping: {from: host, to: cut}", "cut"), "the host pinged " + inside + ": 0 of 3 replies");
        fails(result("veth-pair: cut", "cut"), "cut has no interface up");
        assertEquals("", run("stop: cut", "cut"));
    }
}
