package io.mihari.dashboard.auth;

import io.mihari.dashboard.api.ProblemMapper;
import io.mihari.dashboard.auth.state.AuthStoreUnavailableException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * {@code Authorization: Bearer <token>} from {@code POST /api/auth/login}. The signature and expiry are checked here;
 * whether the token still stands (user unchanged, not revoked) is checked by {@link Provider}, off the I/O thread. A
 * request without a valid token is anonymous, and every path but the public ones requires a login (deny by default,
 * application.properties); the challenge is a problem+json 401, or 503 when the login state could not be read.
 */
@ApplicationScoped
public class TokenMechanism implements HttpAuthenticationMechanism {

    public static final String ORGANISATION = "organisation";
    public static final String NAME = "name";
    public static final String CLAIMS = "claims";
    /** The role of a token that may only enrol a second factor. */
    public static final String ENROLLING = "enrolling";
    private static final String UNAVAILABLE = "mihari.auth.unavailable";

    private final Tokens tokens;

    TokenMechanism(Tokens tokens) {
        this.tokens = tokens;
    }

    /** A verified token, to be checked against the users file and the login state. */
    static final class TokenRequest extends BaseAuthenticationRequest {
        final Tokens.Claims claims;

        TokenRequest(Tokens.Claims claims) {
            this.claims = claims;
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().nullItem();
        }
        return tokens.verify(header.substring(7).trim())
                .map(c -> identityProviderManager.authenticate(
                                HttpSecurityUtils.setRoutingContextAttribute(new TokenRequest(c), context))
                        .onFailure(AuthStoreUnavailableException.class).invoke(e -> context.put(UNAVAILABLE, true))
                        .onFailure().recoverWithNull())
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"mihari\""));
    }

    /** A problem+json body with the challenge (503 when the login state was unreachable). */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        boolean unavailable = Boolean.TRUE.equals(context.get(UNAVAILABLE));
        int status = unavailable ? 503 : 401;
        String detail = unavailable ? "the login state (OpenSearch) cannot be read; try again shortly"
                : "log in first (POST /api/auth/login) and send the token as Authorization: Bearer <token>";
        var response = context.response().setStatusCode(status)
                .putHeader("Content-Type", ProblemMapper.PROBLEM_JSON);
        if (!unavailable) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"mihari\"");
        }
        response.end(ProblemMapper.json(status, unavailable ? "Service Unavailable" : "Unauthorized", detail));
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenRequest.class);
    }

    /** Checks a verified token against the users file and the login state (blocking: runs on a worker thread). */
    @ApplicationScoped
    static class Provider implements IdentityProvider<TokenRequest> {

        private final Sessions sessions;

        Provider(Sessions sessions) {
            this.sessions = sessions;
        }

        @Override
        public Class<TokenRequest> getRequestType() {
            return TokenRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> {
                Tokens.Claims c = request.claims;
                User user = sessions.check(c).orElseThrow(AuthenticationFailedException::new);
                QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(user.id()))
                        .addRole(Tokens.ENROLMENT.equals(c.purpose()) ? ENROLLING : user.role())
                        .addAttribute(NAME, user.name() == null ? user.id() : user.name())
                        .addAttribute(CLAIMS, c);
                if (user.organisation() != null) {
                    identity.addAttribute(ORGANISATION, user.organisation());
                }
                return identity.build();
            });
        }
    }
}
