package dev.parley.console.control;

import dev.parley.console.entity.ConsoleRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps the IdP's groups to a console role ({@code PARLEY_SSO_ADMIN_GROUPS}, {@code PARLEY_SSO_VIEWER_GROUPS}, each a
 * comma-separated list). Admin wins when both match; no match means no console access.
 */
@ApplicationScoped
public class SsoRoles {

    @Inject
    @ConfigProperty(name = "parley.sso.admin.groups", defaultValue = "parley-admin")
    String adminGroups;

    @Inject
    @ConfigProperty(name = "parley.sso.viewer.groups", defaultValue = "parley-viewer")
    String viewerGroups;

    public Optional<ConsoleRole> roleOf(Collection<String> groups) {
        return of(groups, split(adminGroups), split(viewerGroups));
    }

    static Optional<ConsoleRole> of(Collection<String> groups, Set<String> admin, Set<String> viewer) {
        if (groups == null) {
            return Optional.empty();
        }
        if (groups.stream().anyMatch(admin::contains)) {
            return Optional.of(ConsoleRole.ADMIN);
        }
        if (groups.stream().anyMatch(viewer::contains)) {
            return Optional.of(ConsoleRole.VIEWER);
        }
        return Optional.empty();
    }

    static Set<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
