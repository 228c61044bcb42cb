package dev.changeset.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieRuntimeBuilder;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.StatelessKieSession;

/**
 * The policy's rule base built outside the application, from the same kmodule.xml and DRL text (or a changed
 * copy of it), compiled to an executable model as the application build does. For fault tests and benchmarks.
 */
public final class DrlRuntime implements KieRuntimeBuilder {

    /** Where the application's rules live on the classpath. */
    public static final String KMODULE = "META-INF/kmodule.xml";
    public static final String RULES = "dev/changeset/policy/risk-tiers.drl";

    private final KieContainer container;

    private DrlRuntime(KieContainer container) {
        this.container = container;
    }

    /** The application's own rules, unchanged. */
    public static DrlRuntime ofApplicationRules() {
        return of(Map.of(RULES, classpath(RULES)));
    }

    /** A rule base from these DRL files (path under src/main/resources to text) and the application's kmodule.xml. */
    public static DrlRuntime of(Map<String, String> drlFiles) {
        KieServices ks = KieServices.get();
        KieFileSystem files = ks.newKieFileSystem();
        files.writeKModuleXML(classpath(KMODULE));
        drlFiles.forEach((path, text) -> files.write("src/main/resources/" + path, text));
        KieBuilder builder = ks.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        if (builder.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException("the rules do not compile: " + builder.getResults().getMessages());
        }
        return new DrlRuntime(ks.newKieContainer(builder.getKieModule().getReleaseId()));
    }

    public static String classpath(String path) {
        try (InputStream in = DrlRuntime.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public KieBase getKieBase() {
        return container.getKieBase();
    }

    @Override
    public KieBase getKieBase(String name) {
        return container.getKieBase(name);
    }

    @Override
    public KieSession newKieSession() {
        return container.newKieSession();
    }

    @Override
    public KieSession newKieSession(String sessionName) {
        return container.newKieSession(sessionName);
    }

    @Override
    public StatelessKieSession newStatelessKieSession() {
        return container.newStatelessKieSession();
    }

    @Override
    public StatelessKieSession newStatelessKieSession(String sessionName) {
        return container.newStatelessKieSession(sessionName);
    }
}
