package dev.parley.console.control;

import dev.parley.console.entity.ConsoleRole;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SsoRolesTest {

    private static final Set<String> ADMIN = SsoRoles.split(" ops , parley-admin,");
    private static final Set<String> VIEWER = SsoRoles.split("support");

    @Test
    void mapsGroupsToTheHighestRole() {
        assertEquals(Optional.of(ConsoleRole.ADMIN), SsoRoles.of(List.of("support", "ops"), ADMIN, VIEWER));
        assertEquals(Optional.of(ConsoleRole.VIEWER), SsoRoles.of(List.of("support"), ADMIN, VIEWER));
    }

    @Test
    void unmappedOrMissingGroupsGrantNothing() {
        assertEquals(Optional.empty(), SsoRoles.of(List.of("marketing", "Ops"), ADMIN, VIEWER));
        assertEquals(Optional.empty(), SsoRoles.of(List.of(), ADMIN, VIEWER));
        assertEquals(Optional.empty(), SsoRoles.of(null, ADMIN, VIEWER));
        assertEquals(Set.of("ops", "parley-admin"), ADMIN);
    }

    @Test
    void anAdminCoversViewerRoutesButNotTheReverse() {
        assertEquals(true, ConsoleRole.ADMIN.covers(ConsoleRole.VIEWER));
        assertEquals(false, ConsoleRole.VIEWER.covers(ConsoleRole.ADMIN));
    }
}
