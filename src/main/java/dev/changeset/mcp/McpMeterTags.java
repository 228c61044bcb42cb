package dev.changeset.mcp;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkiverse.mcp.server.PromptManager;
import io.quarkiverse.mcp.server.ResourceManager;
import io.quarkiverse.mcp.server.ResourceTemplateManager;
import io.quarkiverse.mcp.server.ToolManager;

/**
 * Bounded series for quarkus-mcp-server's request timers (issue 14 item 4). Its {@code MicrometerMcpMetrics} (1.13)
 * names a timer {@code mcp.server.requests.<method>} and tags it with {@code tool.name}, {@code prompt.name} or
 * {@code resource.uri} exactly as the caller sent them: 1.5 MB resource URIs became tags, and receipt and session
 * ids with them. Here a tag value is kept only when the server itself declared it (a tool or prompt it has, a static
 * resource's URI); a resource URI that matches a template becomes the template ({@code receipt://{id}}); anything
 * else becomes {@code other}. So no caller-chosen text reaches a tag, and the series are as many as the features.
 * As a second bound, each of those tags takes at most {@value #MAX_VALUES} values; later ones are not recorded.
 */
public class McpMeterTags {

    static final String PREFIX = "mcp.server.requests.";
    static final String OTHER = "other";
    static final int MAX_VALUES = 100;

    @Produces
    @Singleton
    MeterFilter callerTextOutOfTags(Instance<ToolManager> tools, Instance<PromptManager> prompts,
            Instance<ResourceManager> resources, Instance<ResourceTemplateManager> templates) {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith(PREFIX)) {
                    return id;
                }
                List<Tag> tags = new ArrayList<>();
                for (Tag tag : id.getTagsAsIterable()) {
                    tags.add(switch (tag.getKey()) {
                        case "tool.name" -> Tag.of(tag.getKey(), known(tools.isResolvable()
                                && tools.get().getTool(tag.getValue()) != null, tag.getValue()));
                        case "prompt.name" -> Tag.of(tag.getKey(), known(prompts.isResolvable()
                                && prompts.get().getPrompt(tag.getValue()) != null, tag.getValue()));
                        case "resource.uri" -> Tag.of(tag.getKey(), resource(tag.getValue(), resources, templates));
                        default -> tag;
                    });
                }
                return id.replaceTags(tags);
            }
        };
    }

    @Produces
    @Singleton
    MeterFilter toolTagCap() {
        return MeterFilter.maximumAllowableTags("mcp.server.requests", "tool.name", MAX_VALUES, MeterFilter.deny());
    }

    @Produces
    @Singleton
    MeterFilter resourceTagCap() {
        return MeterFilter.maximumAllowableTags("mcp.server.requests", "resource.uri", MAX_VALUES,
                MeterFilter.deny());
    }

    @Produces
    @Singleton
    MeterFilter promptTagCap() {
        return MeterFilter.maximumAllowableTags("mcp.server.requests", "prompt.name", MAX_VALUES, MeterFilter.deny());
    }

    private static String known(boolean declared, String value) {
        return declared ? value : OTHER;
    }

    static String resource(String uri, Instance<ResourceManager> resources,
            Instance<ResourceTemplateManager> templates) {
        if (uri == null || "n/a".equals(uri)) {
            return "n/a";
        }
        if (resources.isResolvable() && resources.get().getResource(uri) != null) {
            return uri;
        }
        if (templates.isResolvable()) {
            for (ResourceTemplateManager.ResourceTemplateInfo template : templates.get()) {
                String fixed = fixedPrefix(template.uriTemplate());
                if (!fixed.isEmpty() && uri.startsWith(fixed)) {
                    return template.uriTemplate();
                }
            }
        }
        return OTHER;
    }

    /** The part of a URI template before its first expression: {@code receipt://} for {@code receipt://{id}}. */
    static String fixedPrefix(String uriTemplate) {
        int brace = uriTemplate.indexOf('{');
        return brace < 0 ? uriTemplate : uriTemplate.substring(0, brace);
    }
}
