package dev.kcapitokens.resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.keycloak.common.Version;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.ui.PageClient;

/**
 * {@code /realms/{realm}/api-tokens/ui/}: the self-service page, served from the JAR. The page is static; the only
 * values filled in per request are the realm, the client it signs in with and where Keycloak serves PatternFly. It
 * talks to nothing but the documented REST API and the realm's OpenID Connect endpoints, all on this origin, which is
 * what the Content-Security-Policy allows and nothing more.
 */
public class PageResource {

    static final String ROOT = "/META-INF/api-tokens/ui/";
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
            "connect-src 'self'", "form-action 'none'", "frame-ancestors 'none'", "base-uri 'none'");
    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final KeycloakSession session;

    PageResource(KeycloakSession session) {
        this.session = session;
    }

    /** The page itself; {@code ui} without the slash redirects, so that the page's relative URLs resolve. */
    @GET
    public Response page() {
        UriInfo uri = session.getContext().getUri();
        if (!uri.getPath().endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY)
                    .location(URI.create(uri.getRequestUri().getRawPath() + "/")).build();
        }
        RealmModel realm = session.getContext().getRealm();
        String base = uri.getBaseUri().getRawPath();
        String html = read("index.html")
                .replace("{{base}}", escape(base))
                .replace("{{realm}}", escape(realm.getName()))
                .replace("{{client}}", escape(PageClient.CLIENT_ID))
                .replace("{{resources}}", escape(base + "resources/" + Version.RESOURCES_VERSION + "/common/keycloak/vendor/patternfly-v5/"));
        return secured(Response.ok(html, "text/html; charset=utf-8"), noStore());
    }

    /** The page's scripts and styles; their names carry a content hash, so they are cached for good. */
    @GET
    @Path("{file}")
    public Response asset(@PathParam("file") String file) {
        if (file == null || !ASSET.matcher(file).matches() || file.startsWith("index")) {
            throw ApiErrors.Style.SELF_SERVICE.notFound("No such file");
        }
        InputStream content = PageResource.class.getResourceAsStream(ROOT + file);
        if (content == null) {
            throw ApiErrors.Style.SELF_SERVICE.notFound("No such file");
        }
        CacheControl forever = new CacheControl();
        forever.setMaxAge(31_536_000);
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        return secured(Response.ok(content, type), forever);
    }

    /** Our headers instead of the realm's browser security headers, whose CSP is meant for Keycloak's own pages. */
    private Response secured(Response.ResponseBuilder response, CacheControl cache) {
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        String hsts = session.getContext().getRealm().getBrowserSecurityHeaders().get(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getKey());
        if (hsts != null && !hsts.isBlank()) {
            response.header(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getHeaderName(), hsts);
        }
        return response.cacheControl(cache)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("X-Robots-Tag", "none")
                .build();
    }

    private static CacheControl noStore() {
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        return cache;
    }

    private static String read(String name) {
        try (InputStream in = PageResource.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException(ROOT + name + " is missing from the JAR; build it with mvn package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
