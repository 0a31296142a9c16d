package io.mihari.dashboard.auth;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * {@code Authorization: Bearer <token>} from {@code POST /api/auth/login}. A request without a valid token is
 * anonymous, and every path but the public ones requires a login (deny by default, application.properties).
 */
@ApplicationScoped
public class TokenMechanism implements HttpAuthenticationMechanism {

    public static final String ORGANISATION = "organisation";
    public static final String NAME = "name";

    private final Tokens tokens;

    TokenMechanism(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().nullItem();
        }
        return tokens.verify(header.substring(7).trim())
                .<Uni<SecurityIdentity>>map(c -> {
                    QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(c.userId())).addRole(c.role())
                            .addAttribute(NAME, c.name());
                    if (c.organisation() != null) {
                        identity.addAttribute(ORGANISATION, c.organisation());
                    }
                    return Uni.createFrom().item(identity.build());
                })
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"mihari\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
