package org.nsexplorer.app.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nsexplorer.app.containers.ContainerSession;
import org.nsexplorer.app.helper.HelperConnection;

/**
 * A session driven by the real helper, without a toolkit (its model changes run on the
 * reader thread): a new one for each test of a class that registers it (@RegisterExtension).
 */
public final class LiveSession implements BeforeEachCallback, AfterEachCallback {
    private ContainerSession session;
    private HelperConnection helper;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        session = new ContainerSession(Runnable::run);
        helper = RealHelper.start(session);
        session.attach(helper);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        helper.close();
    }

    public ContainerSession session() {
        return session;
    }

    public HelperConnection helper() {
        return helper;
    }
}
