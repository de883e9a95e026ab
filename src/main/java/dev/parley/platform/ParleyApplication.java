package dev.parley.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** All HTTP APIs live at the root: {@code /api/v1/…}, {@code /realtime/v1/…}; MicroProfile Health owns {@code /health}. */
@ApplicationPath("/")
public class ParleyApplication extends Application {
}
