package dev.parley.streams.boundary;

import jakarta.ws.rs.SeBootstrap;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.Variant;
import jakarta.ws.rs.ext.RuntimeDelegate;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A hand-rolled JAX-RS {@link RuntimeDelegate} for unit tests without a container: it only builds responses that carry
 * a status, a media type and an entity. Everything else is unsupported.
 */
final class FakeRuntimeDelegate extends RuntimeDelegate {

    @Override
    public Response.ResponseBuilder createResponseBuilder() {
        return new Builder();
    }

    @Override
    public UriBuilder createUriBuilder() { throw new UnsupportedOperationException(); }
    @Override
    public Variant.VariantListBuilder createVariantListBuilder() { throw new UnsupportedOperationException(); }
    @Override
    public <T> T createEndpoint(Application application, Class<T> endpointType) { throw new UnsupportedOperationException(); }
    @Override
    public <T> HeaderDelegate<T> createHeaderDelegate(Class<T> type) { throw new UnsupportedOperationException(); }
    @Override
    public Link.Builder createLinkBuilder() { throw new UnsupportedOperationException(); }
    @Override
    public SeBootstrap.Configuration.Builder createConfigurationBuilder() { throw new UnsupportedOperationException(); }
    @Override
    public CompletionStage<SeBootstrap.Instance> bootstrap(Application application, SeBootstrap.Configuration configuration) { throw new UnsupportedOperationException(); }
    @Override
    public CompletionStage<SeBootstrap.Instance> bootstrap(Class<? extends Application> clazz, SeBootstrap.Configuration configuration) { throw new UnsupportedOperationException(); }
    @Override
    public EntityPart.Builder createEntityPartBuilder(String partName) { throw new UnsupportedOperationException(); }

    private static final class Builder extends Response.ResponseBuilder {
        private int status = 200;
        private MediaType type;
        private Object entity;

        @Override
        public Response build() { return new Built(status, type, entity); }
        @Override
        public Response.ResponseBuilder clone() { Builder b = new Builder(); b.status = status; b.type = type; b.entity = entity; return b; }
        @Override
        public Response.ResponseBuilder status(int s) { status = s; return this; }
        @Override
        public Response.ResponseBuilder status(int s, String reasonPhrase) { status = s; return this; }
        @Override
        public Response.ResponseBuilder entity(Object e) { entity = e; return this; }
        @Override
        public Response.ResponseBuilder entity(Object e, Annotation[] annotations) { entity = e; return this; }
        @Override
        public Response.ResponseBuilder type(MediaType t) { type = t; return this; }
        @Override
        public Response.ResponseBuilder type(String t) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder allow(String... methods) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder allow(Set<String> methods) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder cacheControl(CacheControl cacheControl) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder encoding(String encoding) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder header(String name, Object value) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder replaceAll(MultivaluedMap<String, Object> headers) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder language(String language) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder language(Locale language) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder variant(Variant variant) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder contentLocation(URI location) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder cookie(NewCookie... cookies) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder expires(Date expires) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder lastModified(Date lastModified) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder location(URI location) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder tag(EntityTag tag) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder tag(String tag) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder variants(Variant... variants) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder variants(List<Variant> variants) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder links(Link... links) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder link(URI uri, String rel) { throw new UnsupportedOperationException(); }
        @Override
        public Response.ResponseBuilder link(String uri, String rel) { throw new UnsupportedOperationException(); }
    }

    private static final class Built extends Response {
        private final int status;
        private final MediaType type;
        private final Object entity;

        Built(int status, MediaType type, Object entity) {
            this.status = status;
            this.type = type;
            this.entity = entity;
        }

        @Override
        public int getStatus() { return status; }
        @Override
        public StatusType getStatusInfo() { return Status.fromStatusCode(status); }
        @Override
        public Object getEntity() { return entity; }
        @Override
        public boolean hasEntity() { return entity != null; }
        @Override
        public MediaType getMediaType() { return type; }
        @Override
        public MultivaluedMap<String, Object> getMetadata() { return new MultivaluedHashMap<>(); }
        @Override
        public void close() { }
        @Override
        public <T> T readEntity(Class<T> entityType) { throw new UnsupportedOperationException(); }
        @Override
        public <T> T readEntity(GenericType<T> entityType) { throw new UnsupportedOperationException(); }
        @Override
        public <T> T readEntity(Class<T> entityType, Annotation[] annotations) { throw new UnsupportedOperationException(); }
        @Override
        public <T> T readEntity(GenericType<T> entityType, Annotation[] annotations) { throw new UnsupportedOperationException(); }
        @Override
        public boolean bufferEntity() { throw new UnsupportedOperationException(); }
        @Override
        public Locale getLanguage() { throw new UnsupportedOperationException(); }
        @Override
        public int getLength() { throw new UnsupportedOperationException(); }
        @Override
        public Set<String> getAllowedMethods() { throw new UnsupportedOperationException(); }
        @Override
        public Map<String, NewCookie> getCookies() { throw new UnsupportedOperationException(); }
        @Override
        public EntityTag getEntityTag() { throw new UnsupportedOperationException(); }
        @Override
        public Date getDate() { throw new UnsupportedOperationException(); }
        @Override
        public Date getLastModified() { throw new UnsupportedOperationException(); }
        @Override
        public URI getLocation() { throw new UnsupportedOperationException(); }
        @Override
        public Set<Link> getLinks() { throw new UnsupportedOperationException(); }
        @Override
        public boolean hasLink(String relation) { throw new UnsupportedOperationException(); }
        @Override
        public Link getLink(String relation) { throw new UnsupportedOperationException(); }
        @Override
        public Link.Builder getLinkBuilder(String relation) { throw new UnsupportedOperationException(); }
        @Override
        public MultivaluedMap<String, String> getStringHeaders() { throw new UnsupportedOperationException(); }
        @Override
        public String getHeaderString(String name) { throw new UnsupportedOperationException(); }
    }
}
