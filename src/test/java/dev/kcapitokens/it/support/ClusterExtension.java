package dev.kcapitokens.it.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the {@link Cluster}. It starts with the first test that asks for it and stops when the whole run ends (it
 * lives in the root context's store), so a run without cluster tests starts no cluster and one with them starts one.
 * Each injection first restarts a node that a test left down, so every test class begins on a whole cluster.
 */
public final class ClusterExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Cluster cluster = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Cluster.class, key -> Cluster.start(), Cluster.class);
        cluster.ensureFormed();
        return cluster;
    }
}
