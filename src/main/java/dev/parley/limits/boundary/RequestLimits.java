package dev.parley.limits.boundary;

import dev.parley.limits.control.AbuseLimits;
import dev.parley.limits.control.ClientAddress;
import dev.parley.platform.ApiException;
import dev.parley.platform.ApiExceptionMapper;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;

/**
 * Applies the request limits to routes marked {@link Limited}, after authentication (a 401 still comes first, spec
 * §2.4) and before the body is read or anything is written.
 */
@Provider
@Priority(Priorities.AUTHORIZATION - 100)
@ApplicationScoped
public class RequestLimits implements ContainerRequestFilter {

    @Inject
    AbuseLimits limits;

    @Inject
    ClientAddress clients;

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext req) {
        Method method = resource.getResourceMethod();
        Limited limited = method == null ? null : method.getAnnotation(Limited.class);
        if (limited == null) {
            return;
        }
        String address = clients.of(request);
        String authorization = req.getHeaderString("Authorization");
        try {
            switch (limited.value()) {
                case CREATE -> limits.admitCreate(address, authorization);
                case APPEND -> limits.admitAppend(address, authorization);
            }
        } catch (ApiException e) {
            req.abortWith(new ApiExceptionMapper().toResponse(e));
        }
    }
}
