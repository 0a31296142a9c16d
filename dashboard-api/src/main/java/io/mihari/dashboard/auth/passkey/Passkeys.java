package io.mihari.dashboard.auth.passkey;

import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.RegistrationData;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.login.RecoveryCodes;
import io.mihari.dashboard.auth.login.SecondFactor;
import io.mihari.dashboard.auth.passkey.PasskeyChallenges.Purpose;
import io.mihari.dashboard.auth.state.AuthStore;
import io.mihari.dashboard.auth.state.AuthStore.Versioned;
import io.mihari.dashboard.auth.state.PasskeyRecord;
import io.mihari.dashboard.auth.state.UserState;
import io.mihari.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A user's passkeys: registering one (challenge, then the browser's attestation), listing and removing one's own, and
 * checking an assertion at login. Every passkey lives in its user's login-state document, changed only by conditional
 * writes, so a counter, a removal and an administrator's reset can never be lost to a concurrent write. All audited.
 */
@ApplicationScoped
public class Passkeys {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");
    private static final int RETRIES = 3;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A passkey as its owner sees it (never its key or counter). */
    public record View(String id, String name, Instant createdAt, Instant lastUsedAt, boolean synced,
            List<String> transports) {

        static View of(PasskeyRecord p) {
            return new View(p.credentialId(), p.name(), p.createdAt(), p.lastUsedAt(),
                    Boolean.TRUE.equals(p.backupEligible()), p.transports());
        }
    }

    /** A registered passkey, and the recovery codes when it was the user's first factor (shown once). */
    public record Registered(View passkey, List<String> recoveryCodes) {
    }

    /** What an assertion at login came to; {@code why} is for the audit log. */
    public record Assertion(boolean accepted, String why, String name) {

        static Assertion refused(String why) {
            return new Assertion(false, why, null);
        }
    }

    private final AuthStore store;
    private final PasskeyChallenges challenges;
    private final WebAuthnVerifier verifier;
    private final SecondFactor factor;
    private final int maxPerUser;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Inject
    Passkeys(AuthStore store, PasskeyChallenges challenges, WebAuthnVerifier verifier, SecondFactor factor,
            DashboardConfig config, Clock clock) {
        this(store, challenges, verifier, factor, config.auth().passkeys().maxPerUser(), clock);
    }

    public Passkeys(AuthStore store, PasskeyChallenges challenges, WebAuthnVerifier verifier, SecondFactor factor,
            int maxPerUser, Clock clock) {
        this.store = store;
        this.challenges = challenges;
        this.verifier = verifier;
        this.factor = factor;
        this.maxPerUser = maxPerUser;
        this.clock = clock;
    }

    /** The options of a new passkey for {@code user}; its own passkeys are excluded (one authenticator, one passkey). */
    public PasskeyOptions.Creation creationOptions(User user, boolean enrolling) {
        UserState state = read(user.id()).map(Versioned::doc).orElse(UserState.empty(user.id()));
        allowed(user, state, enrolling);
        var selection = new PasskeyOptions.Selection("required", true, verifier.userVerification().value());
        return new PasskeyOptions.Creation(new PasskeyOptions.RelyingParty(verifier.rpId(), verifier.rpName()),
                new PasskeyOptions.UserEntity(B64.encodeToString(WebAuthnVerifier.userHandle(user.id())), user.id(),
                        user.name() == null ? user.id() : user.name()),
                challenges.issue(Purpose.REGISTER, user.id()),
                WebAuthnVerifier.algorithms().stream().map(a -> new PasskeyOptions.Algorithm("public-key", a)).toList(),
                challenges.lifetime().toMillis(),
                state.passkeys().stream().map(p -> new PasskeyOptions.Descriptor("public-key", p.credentialId(),
                        p.transports())).toList(),
                selection, "none");
    }

    /** The options of a login: a fresh challenge and nothing about any user. */
    public PasskeyOptions.Request requestOptions() {
        return new PasskeyOptions.Request(challenges.issue(Purpose.LOGIN, null), challenges.lifetime().toMillis(),
                verifier.rpId(), List.of(), verifier.userVerification().value());
    }

    /**
     * Registers the passkey the browser made ({@code credential}, answering a challenge of this user), named
     * {@code name}. While {@code enrolling} (the user has no factor yet) it becomes the first factor and recovery codes
     * are made, answered once.
     */
    public Registered register(User user, String name, String credential, boolean enrolling) {
        RegistrationData data;
        try {
            data = verifier.parseRegistration(credential);
        } catch (PasskeyRefused e) {
            throw new BadRequestException("credential: " + e.getMessage());
        }
        byte[] challenge = WebAuthnVerifier.challengeOf(data);
        PasskeyChallenges.Check spent = challenges.spend(challenge, Purpose.REGISTER, user.id());
        if (spent != PasskeyChallenges.Check.SPENT) {
            AUDIT.warnf("passkey registration of '%s' refused: challenge %s", user.id(), spent);
            throw new BadRequestException("the passkey answers no current challenge of yours (" + spent.name()
                    .toLowerCase(java.util.Locale.ROOT) + "); start again");
        }
        Instant now = clock.instant();
        PasskeyRecord passkey;
        try {
            passkey = verifier.verifyRegistration(data, challenge, name.strip(), now);
        } catch (PasskeyRefused e) {
            AUDIT.warnf("passkey registration of '%s' refused: %s", user.id(), e.getMessage());
            throw new BadRequestException("the passkey was not accepted: " + e.getMessage());
        }
        for (int i = 0; i < RETRIES; i++) {
            Optional<Versioned<UserState>> read = read(user.id());
            UserState state = read.map(Versioned::doc).orElse(UserState.empty(user.id()));
            allowed(user, state, enrolling);
            if (state.passkey(passkey.credentialId()).isPresent()) {
                throw conflict("this passkey is registered already");
            }
            List<PasskeyRecord> list = new ArrayList<>(state.passkeys());
            list.add(passkey);
            List<String> codes = enrolling ? RecoveryCodes.generate(random) : List.of();
            UserState after = state.withPasskeys(list, now);
            if (enrolling) {
                after = after.withRecoveryCodeHashes(codes.stream().map(RecoveryCodes::hash).toList(), now);
            }
            if (store.put(UserState.id(user.id()), after, read.map(Versioned::version).orElse(null))) {
                AUDIT.infof("passkey '%s' (%s) of '%s' registered%s", passkey.name(), passkey.credentialId(), user.id(),
                        enrolling ? " as the first second factor, " + codes.size() + " recovery codes given" : "");
                return new Registered(View.of(passkey), enrolling ? codes : null);
            }
        }
        throw conflict("the login state of this user keeps changing; try again");
    }

    /** Who may add a passkey now: a user who needs a second factor, below the limit; enrolling only without one. */
    private void allowed(User user, UserState state, boolean enrolling) {
        if (!factor.required(user)) {
            throw new ForbiddenException("'" + user.id() + "' logs in with the password alone: no second factor is "
                    + "asked of this user");
        }
        boolean provisioned = user.totpSecret() != null && !user.totpSecret().isBlank();
        if (enrolling && (state.hasAnyFactor() || provisioned)) {
            throw conflict("a second factor is enrolled already; log in with it");
        }
        if (state.passkeys().size() >= maxPerUser) {
            throw conflict("at most " + maxPerUser + " passkeys per user; remove one first");
        }
    }

    /** The user's own passkeys, oldest first. */
    public List<View> list(String userId) {
        return read(userId).map(v -> v.doc().passkeys()).orElse(List.of()).stream().map(View::of).toList();
    }

    /** Removes one of the user's own passkeys, unless it is the only second factor left. */
    public void remove(User user, String credentialId) {
        for (int i = 0; i < RETRIES; i++) {
            Optional<Versioned<UserState>> read = read(user.id());
            Optional<PasskeyRecord> passkey = read.flatMap(v -> v.doc().passkey(credentialId));
            if (passkey.isEmpty()) {
                throw new NotFoundException("no passkey '" + credentialId + "' of yours");
            }
            UserState state = read.get().doc();
            boolean totp = SecondFactor.secret(user, read) != null;
            if (!totp && state.passkeys().size() == 1 && factor.required(user)) {
                throw conflict("this is your only second factor: register another passkey first, or ask an "
                        + "administrator to reset your factor");
            }
            List<PasskeyRecord> left = state.passkeys().stream()
                    .filter(p -> !p.credentialId().equals(credentialId)).toList();
            if (store.put(UserState.id(user.id()), state.withPasskeys(left, clock.instant()), read.get().version())) {
                AUDIT.infof("passkey '%s' (%s) of '%s' removed by the user", passkey.get().name(), credentialId,
                        user.id());
                return;
            }
        }
        throw conflict("the login state of this user keeps changing; try again");
    }

    /**
     * Checks an assertion ({@code credential}) at the login of {@code userId}, whose state was {@code read}: the
     * challenge is ours and used up now, the passkey is one of the user's and it signed. When {@code commit} (the
     * password was right too) the new counter is stored — conditionally: of two instances given assertions at once,
     * only one with a higher counter wins. An unknown user or credential costs a verification against a dummy key.
     */
    public Assertion check(String userId, Optional<Versioned<UserState>> read, String credential, boolean commit) {
        AuthenticationData data;
        try {
            data = verifier.parseAssertion(credential);
        } catch (PasskeyRefused e) {
            return Assertion.refused(e.getMessage());
        }
        byte[] challenge = WebAuthnVerifier.challengeOf(data);
        PasskeyChallenges.Check spent = challenges.spend(challenge, Purpose.LOGIN, null);
        if (spent != PasskeyChallenges.Check.SPENT) {
            return Assertion.refused("challenge " + spent.name().toLowerCase(java.util.Locale.ROOT));
        }
        String id = B64.encodeToString(data.getCredentialId());
        PasskeyRecord stored = read.flatMap(v -> v.doc().passkey(id)).orElse(null);
        WebAuthnVerifier.Asserted asserted;
        try {
            asserted = verifier.verifyAssertion(data, challenge, stored, WebAuthnVerifier.userHandle(userId));
        } catch (PasskeyRefused e) {
            return Assertion.refused("passkey " + e.getMessage());
        }
        if (!commit) {
            return new Assertion(true, null, stored.name());
        }
        Optional<Versioned<UserState>> current = read;
        for (int i = 0; i < RETRIES; i++) {
            UserState state = current.map(Versioned::doc).orElse(UserState.empty(userId));
            Optional<PasskeyRecord> now = state.passkey(id);
            if (now.isEmpty()) {
                return Assertion.refused("the passkey was removed meanwhile");
            }
            if (!WebAuthnVerifier.counterIncreases(now.get().signCount(), asserted.signCount())) {
                return Assertion.refused("signature counter " + asserted.signCount() + " is not above "
                        + now.get().signCount() + " (another login with it came first)");
            }
            List<PasskeyRecord> list = state.passkeys().stream().map(p -> p.credentialId().equals(id)
                    ? p.used(asserted.signCount(), asserted.backedUp(), clock.instant()) : p).toList();
            if (current.isPresent() && store.put(UserState.id(userId), state.withPasskeys(list, clock.instant()),
                    current.get().version())) {
                return new Assertion(true, null, now.get().name());
            }
            current = read(userId); // another instance wrote first: again
        }
        return Assertion.refused("the login state kept changing");
    }

    private Optional<Versioned<UserState>> read(String userId) {
        return store.get(UserState.id(userId), UserState.class);
    }

    private static ClientErrorException conflict(String detail) {
        return new ClientErrorException(detail, 409);
    }
}
