package io.mihari.dashboard.auth.factor;

import io.mihari.dashboard.auth.Totp;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.login.RecoveryCodes;
import io.mihari.dashboard.auth.state.AuthStore;
import io.mihari.dashboard.auth.state.AuthStore.Versioned;
import io.mihari.dashboard.auth.state.UserState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Enrolling a TOTP second factor: a fresh secret is offered (kept as pending in the login state), the user adds it to
 * an authenticator app (QR code or the secret typed in) and confirms it with a valid code; then it is the user's
 * factor and ten one-time recovery codes are given, once, and kept only as hashes (a passkey can be the first factor
 * instead: {@code io.mihari.dashboard.auth.passkey.Passkeys}). An administrator can reset a lost factor — TOTP and
 * passkeys alike —: the user enrols again at the next login, and every token issued before is void. All audited.
 */
@ApplicationScoped
public class Enrolments {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");
    private static final String ISSUER = "Mihari";

    /** A secret offered for enrolment. */
    public record Offer(String secret, String uri, String qrSvg) {
    }

    private final AuthStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Enrolments(AuthStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Offers a fresh secret to {@code user} (a new offer replaces an unconfirmed one). */
    public Offer offer(User user) {
        requireNoFactor(user);
        String secret = Totp.newSecret(random);
        Optional<Versioned<UserState>> read = store.get(UserState.id(user.id()), UserState.class);
        UserState state = read.map(Versioned::doc).orElse(UserState.empty(user.id()));
        if (state.hasAnyFactor()) {
            throw conflict("a second factor is already enrolled; an administrator can reset it");
        }
        if (!store.put(UserState.id(user.id()), state.withPending(secret, clock.instant()),
                read.map(Versioned::version).orElse(null))) {
            throw conflict("the enrolment changed meanwhile; start again");
        }
        AUDIT.infof("second factor offered to '%s' for enrolment", user.id());
        String uri = Totp.uri(ISSUER, user.id(), secret);
        return new Offer(secret, uri, QrSvg.of(uri));
    }

    /** Confirms the offered secret with a code of it: the factor is enrolled; the recovery codes are returned once. */
    public List<String> confirm(User user, String code) {
        requireNoFactor(user);
        Optional<Versioned<UserState>> read = store.get(UserState.id(user.id()), UserState.class);
        UserState state = read.map(Versioned::doc).orElseThrow(() -> new BadRequestException("start the enrolment first"));
        if (state.pendingTotpSecret() == null) {
            throw new BadRequestException("start the enrolment first");
        }
        if (state.hasAnyFactor()) {
            throw conflict("a second factor was enrolled meanwhile (a passkey); log in with it");
        }
        Instant now = clock.instant();
        OptionalLong step = Totp.matchingStep(state.pendingTotpSecret(), code, now, state.lastTotpStep());
        if (step.isEmpty()) {
            AUDIT.warnf("enrolment of '%s': wrong code", user.id());
            throw new BadRequestException("the code does not match the new secret; check the authenticator's clock "
                    + "and try the next code");
        }
        List<String> codes = RecoveryCodes.generate(random);
        UserState enrolled = state.enrolled(codes.stream().map(RecoveryCodes::hash).toList(), step.getAsLong(), now);
        if (!store.put(UserState.id(user.id()), enrolled, read.get().version())) {
            throw conflict("the enrolment changed meanwhile; start again");
        }
        AUDIT.infof("second factor of '%s' enrolled (TOTP), %d recovery codes given", user.id(), codes.size());
        return codes;
    }

    /**
     * An administrator resets the enrolled factors of {@code user}: the TOTP secret, the recovery codes and every
     * passkey go, and every token issued until now is void. A TOTP secret provisioned in the users file stays (it is
     * changed there): with nothing enrolled besides it, the reset is refused (409).
     */
    public void reset(User user, String admin) {
        boolean provisioned = user.totpSecret() != null && !user.totpSecret().isBlank();
        for (int i = 0; i < 3; i++) {
            Optional<Versioned<UserState>> read = store.get(UserState.id(user.id()), UserState.class);
            UserState state = read.map(Versioned::doc).orElse(null);
            if (state == null || !state.hasAnyFactor() && state.pendingTotpSecret() == null) {
                if (provisioned) {
                    throw conflict("this user's factor is provisioned in the users file: change it there");
                }
                throw new NotFoundException("'" + user.id() + "' has no enrolled second factor");
            }
            if (store.put(UserState.id(user.id()), state.reset(clock.instant()), read.get().version())) {
                AUDIT.warnf("second factor of '%s' reset by admin '%s' (TOTP %s, %d passkeys, %d recovery codes "
                        + "removed); %s, earlier tokens are void", user.id(), admin,
                        state.hasFactor() ? "enrolled" : "none", state.passkeys().size(),
                        state.recoveryCodeHashes().size(), provisioned
                                ? "the user logs in with the factor of the users file"
                                : "the user enrols again at the next login");
                return;
            }
        }
        throw conflict("the user's login state keeps changing; try again");
    }

    private static void requireNoFactor(User user) {
        if (user.totpSecret() != null && !user.totpSecret().isBlank()) {
            throw conflict("a second factor is already provisioned in the users file");
        }
    }

    private static ClientErrorException conflict(String detail) {
        return new ClientErrorException(detail, 409);
    }
}
