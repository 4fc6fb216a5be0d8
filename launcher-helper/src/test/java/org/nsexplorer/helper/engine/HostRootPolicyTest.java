package org.nsexplorer.helper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The polkit policy that packaging/install-helper installs declares the action the helper
 * asks about for hostRoot, with an administrator's password each time (auth_admin: not kept
 * for the session, unlike starting the helper).
 */
class HostRootPolicyTest {
    private static final Path POLICY = Path.of("..", "packaging", "org.nsexplorer.helper.policy");

    @Test
    void theHostRootActionAsksForAnAdministratorsPasswordEveryTime() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The DOCTYPE names freedesktop.org's DTD: never fetched.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        NodeList actions = factory.newDocumentBuilder().parse(POLICY.toFile()).getElementsByTagName("action");
        Map<String, Element> byId = new HashMap<>();
        for (int i = 0; i < actions.getLength(); i++) {
            Element action = (Element) actions.item(i);
            byId.put(action.getAttribute("id"), action);
        }
        Element hostRoot = byId.get(HostRootAuthorization.ACTION);
        assertEquals(HostRootAuthorization.ACTION, hostRoot == null ? null : hostRoot.getAttribute("id"),
                "the policy has no action " + HostRootAuthorization.ACTION + ": " + byId.keySet());
        for (String when : new String[] {"allow_any", "allow_inactive", "allow_active"}) {
            assertEquals("auth_admin", hostRoot.getElementsByTagName(when).item(0).getTextContent().strip(), when);
        }
        assertEquals(0, hostRoot.getElementsByTagName("annotate").getLength(),
                "no program runs under this action: it is a question, not an exec.path");
        assertEquals("auth_admin_keep", byId.get("org.nsexplorer.helper").getElementsByTagName("allow_active")
                .item(0).getTextContent().strip(), "starting the helper keeps its password for the session");
    }
}
