package io.mihari.dashboard.catalog;

import io.mihari.dashboard.config.DashboardConfig;

import java.lang.reflect.Proxy;
import java.nio.file.Path;

/** A {@link CatalogHolder} over a catalog file of a test's own (e.g. a generated one), beside the application's. */
public final class TestCatalogs {

    private TestCatalogs() {
    }

    public static CatalogHolder holder(Path yaml) {
        DashboardConfig.CatalogFile file = () -> yaml;
        DashboardConfig config = (DashboardConfig) Proxy.newProxyInstance(TestCatalogs.class.getClassLoader(),
                new Class<?>[] {DashboardConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("catalog")) {
                        return file;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new CatalogHolder(config);
    }
}
