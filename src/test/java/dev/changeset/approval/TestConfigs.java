package dev.changeset.approval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration interfaces with some values replaced, for clients built against other settings. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** {@code base} with the methods named in {@code values} answering those values instead. */
    static <T> T override(Class<T> type, T base, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (base == null) {
                throw new IllegalStateException("no value for " + method.getName());
            }
            try {
                return method.invoke(base, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    /** The sandbox's approval settings (as application.properties has them for tests), without Quarkus. */
    static ApprovalConfig approvalDefaults(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("clientId", "sandbox-ciba-client");
        values.put("clientSecret", "sandbox-ciba-secret");
        values.put("requestedExpiry", Duration.ofSeconds(300));
        values.put("scope", "openid");
        values.put("secondApprovers", Optional.of(List.of("auth0|dave")));
        values.put("defaultWait", Duration.ofSeconds(45));
        values.put("maxWait", Duration.ofSeconds(230));
        values.put("hardDeadline", Duration.ofSeconds(320));
        values.put("channelClaim", "https://changeset.dev/approval_channel");
        values.put("noEnrollmentPattern", "enrol|push notification|guardian|authenticator");
        values.put("poll", override(ApprovalConfig.Poll.class, null,
                Map.of("defaultInterval", Duration.ofSeconds(5), "slowDownStep", Duration.ofSeconds(5),
                        "redeliverAfter", Duration.ofSeconds(30))));
        values.put("tenantLimits", override(ApprovalConfig.TenantLimits.class, null,
                Map.of("perMinute", 500, "maxPending", 5000)));
        values.put("http", override(ApprovalConfig.Http.class, null,
                Map.of("connectTimeout", Duration.ofSeconds(5), "readTimeout", Duration.ofSeconds(10))));
        values.putAll(overrides);
        return override(ApprovalConfig.class, null, values);
    }
}
