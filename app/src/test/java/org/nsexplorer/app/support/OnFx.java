package org.nsexplorer.app.support;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/** Work a test does on the FX thread, its result waited for (10 s at most). */
public final class OnFx {
    private OnFx() {
    }

    public static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(10, TimeUnit.SECONDS);
    }
}
