package io.mihari.dashboard.auth.passkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mihari.dashboard.auth.InMemoryAuthStore;
import io.mihari.testsupport.MutableClock;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.login.SecondFactor;
import io.mihari.dashboard.auth.state.PasskeyRecord;
import io.mihari.dashboard.auth.state.UserState;
import io.mihari.dashboard.config.DashboardConfig.Passkeys.UserVerification;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Passkeys registered and checked against WebAuthn's rules, with a software authenticator that writes its own bytes,
 * an in-memory login state and a clock the test moves.
 */
class PasskeysTest {

    static final String ORIGIN = "http://localhost:8080";
    static final String RP = "localhost";
    static final Catalog CATALOG = CatalogLoader.load(Path.of("src/test/resources/test-catalog.yaml"));
    static final String HASH = "$2a$10$6LBe0zYZ5pbPfvx4n5NU8uSnq0SzHIxV9c5CEAa4aW/qeVjiT6jly";
    static final User VENDOR = new User("ines-ops", "INES", User.VENDOR, "ines", HASH, null);
    static final User OTHER = new User("fujitsu-ops", "Fujitsu", User.VENDOR, "fujitsu-japan", HASH, null);
    static final User PROVISIONED = new User("admin", "Admin", User.ADMIN, null, HASH, "W2MM2KYF4IXTERTEC3NZK2PKCUWW7F5Y");
    static final User OPERATOR = new User("kurashiki-dx", "Kurashiki", User.OPERATOR, "kurashiki", HASH, null);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    final InMemoryAuthStore store = new InMemoryAuthStore();
    final PasskeyChallenges challenges = new PasskeyChallenges(store,
            PasskeyChallengesTest.KEY, Duration.ofMinutes(5), clock);
    final Passkeys passkeys = new Passkeys(store, challenges,
            new WebAuthnVerifier(RP, "Mihari", List.of(ORIGIN), UserVerification.PREFERRED),
            new SecondFactor(store, () -> CATALOG, clock), 3, clock);

    JsonNode options(User user, boolean enrolling) {
        return SoftwareAuthenticator.JSON.valueToTree(passkeys.creationOptions(user, enrolling));
    }

    /** A new authenticator registered as {@code user}'s passkey. */
    SoftwareAuthenticator registered(User user, boolean enrolling) {
        SoftwareAuthenticator key = new SoftwareAuthenticator(ORIGIN, RP);
        passkeys.register(user, "key " + key.id().substring(0, 4), key.register(options(user, enrolling)).toString(),
                enrolling);
        return key;
    }

    String loginChallenge() {
        return passkeys.requestOptions().challenge();
    }

    Passkeys.Assertion login(User user, ObjectNode assertion) {
        return passkeys.check(user.id(), state(user), assertion.toString(), true);
    }

    Optional<io.mihari.dashboard.auth.state.AuthStore.Versioned<UserState>> state(User user) {
        return store.get(UserState.id(user.id()), UserState.class);
    }

    PasskeyRecord stored(User user, SoftwareAuthenticator key) {
        return state(user).orElseThrow().doc().passkey(key.id()).orElseThrow();
    }

    @Test
    void theCreationOptionsAskForAPasskeyOfThisRelyingPartyAndExcludeTheUsersOwn() {
        SoftwareAuthenticator first = registered(VENDOR, true);
        JsonNode options = options(VENDOR, false);
        assertThat(options.path("rp").path("id").asText()).isEqualTo(RP);
        assertThat(options.path("user").path("name").asText()).isEqualTo("ines-ops");
        assertThat(options.path("authenticatorSelection").path("residentKey").asText()).isEqualTo("required");
        assertThat(options.path("authenticatorSelection").path("userVerification").asText()).isEqualTo("preferred");
        assertThat(options.path("attestation").asText()).isEqualTo("none");
        assertThat(options.path("pubKeyCredParams").findValuesAsText("alg")).contains("-7", "-257");
        assertThat(options.path("excludeCredentials").findValuesAsText("id")).containsExactly(first.id());
        assertThat(options.path("timeout").asLong()).isEqualTo(300_000);
    }

    @Test
    void aRegisteredPasskeyKeepsItsKeyCounterAndNameAndAnswersALogin() {
        SoftwareAuthenticator key = registered(VENDOR, true);
        PasskeyRecord record = stored(VENDOR, key);
        assertThat(record.publicKey()).isNotBlank();
        assertThat(record.signCount()).isZero();
        assertThat(record.name()).startsWith("key ");
        assertThat(record.createdAt()).isEqualTo(clock.instant());
        assertThat(record.transports()).containsExactly("internal");

        clock.advance(Duration.ofMinutes(1));
        Passkeys.Assertion ok = login(VENDOR, key.assertion(loginChallenge()));
        assertThat(ok.accepted()).as(ok.why()).isTrue();
        assertThat(stored(VENDOR, key).signCount()).isEqualTo(1);
        assertThat(stored(VENDOR, key).lastUsedAt()).isEqualTo(clock.instant());
        assertThat(passkeys.list(VENDOR.id())).extracting(Passkeys.View::id).containsExactly(key.id());
    }

    @Test
    void enrollingWithAPasskeyGivesTenRecoveryCodesOnceAndThenNoMoreEnrolment() {
        SoftwareAuthenticator key = new SoftwareAuthenticator(ORIGIN, RP);
        var done = passkeys.register(VENDOR, "laptop", key.register(options(VENDOR, true)).toString(), true);
        assertThat(done.recoveryCodes()).hasSize(10);
        assertThat(state(VENDOR).orElseThrow().doc().recoveryCodeHashes()).hasSize(10);
        assertThat(state(VENDOR).orElseThrow().doc().hasAnyFactor()).isTrue();
        assertThatThrownBy(() -> options(VENDOR, true)).isInstanceOf(ClientErrorException.class)
                .hasMessageContaining("enrolled already");
        var another = passkeys.register(VENDOR, "phone",
                new SoftwareAuthenticator(ORIGIN, RP).register(options(VENDOR, false)).toString(), false);
        assertThat(another.recoveryCodes()).isNull();
    }

    @Test
    void aRegistrationMadeOnAnotherOriginOrForAnotherRelyingPartyIsRefused() {
        JsonNode options = options(VENDOR, false);
        var phishing = new SoftwareAuthenticator("https://mihari.evil.example", "mihari.evil.example");
        assertThatThrownBy(() -> passkeys.register(VENDOR, "x", phishing.register(options).toString(), false))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("BadOrigin");
        var wrongRp = new SoftwareAuthenticator(ORIGIN, "example.org");
        assertThatThrownBy(() -> passkeys.register(VENDOR, "x", wrongRp.register(options(VENDOR, false)).toString(),
                false)).isInstanceOf(BadRequestException.class).hasMessageContaining("BadRpId");
        assertThat(passkeys.list(VENDOR.id())).isEmpty();
    }

    @Test
    void aRegistrationAnswersOnlyAFreshChallengeOfTheSameUserOnce() {
        JsonNode theirs = options(OTHER, false);
        var key = new SoftwareAuthenticator(ORIGIN, RP);
        assertThatThrownBy(() -> passkeys.register(VENDOR, "x", key.register(theirs).toString(), false))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("forged");
        String answer = key.register(options(VENDOR, false)).toString();
        passkeys.register(VENDOR, "x", answer, false);
        assertThatThrownBy(() -> passkeys.register(VENDOR, "x", answer, false))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("replayed");
        JsonNode late = options(VENDOR, false);
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> passkeys.register(VENDOR, "y",
                new SoftwareAuthenticator(ORIGIN, RP).register(late).toString(), false))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("expired");
    }

    @Test
    void onlyUsersWhoNeedASecondFactorRegisterAndNoMoreThanTheLimit() {
        assertThatThrownBy(() -> options(OPERATOR, false)).isInstanceOf(ForbiddenException.class);
        registered(VENDOR, false);
        registered(VENDOR, false);
        registered(VENDOR, false);
        assertThatThrownBy(() -> options(VENDOR, false)).isInstanceOf(ClientErrorException.class)
                .hasMessageContaining("at most 3");
    }

    @Test
    void anAssertionFromAnotherOriginOrForAnotherRelyingPartyIsRefused() {
        SoftwareAuthenticator key = registered(VENDOR, true);
        assertThat(login(VENDOR, key.at("https://mihari.evil.example", RP).assertion(loginChallenge())).why())
                .contains("BadOrigin");
        assertThat(login(VENDOR, key.at(ORIGIN, "evil.example").assertion(loginChallenge())).why())
                .contains("BadRpId");
        assertThat(stored(VENDOR, key).signCount()).as("nothing refused moved the counter").isZero();
    }

    @Test
    void aReplayedAssertionIsRefusedAndSoIsAClonesLowerOrEqualCounter() {
        SoftwareAuthenticator key = registered(VENDOR, true);
        SoftwareAuthenticator clone = key.copy();
        ObjectNode first = key.assertion(loginChallenge());
        assertThat(login(VENDOR, first).accepted()).isTrue();
        assertThat(login(VENDOR, first).why()).as("the same answer again").isEqualTo("challenge replayed");
        assertThat(login(VENDOR, key.assertion(loginChallenge())).accepted()).isTrue(); // counter 2

        assertThat(login(VENDOR, clone.assertion(loginChallenge())).why()).as("a clone at counter 1")
                .contains("MaliciousCounterValue");
        assertThat(login(VENDOR, clone.counter(2).assertion(loginChallenge())).why()).as("the same counter")
                .contains("MaliciousCounterValue");
        assertThat(stored(VENDOR, key).signCount()).isEqualTo(2);
        assertThat(login(VENDOR, key.assertion(loginChallenge())).accepted()).as("the original goes on").isTrue();
    }

    @Test
    void anAuthenticatorWithoutACounterIsAcceptedEachTimeButEachAnswerOnce() {
        SoftwareAuthenticator key = new SoftwareAuthenticator(ORIGIN, RP).withoutCounter();
        passkeys.register(VENDOR, "synced", key.register(options(VENDOR, true)).toString(), true);
        ObjectNode answer = key.assertion(loginChallenge());
        assertThat(login(VENDOR, answer).accepted()).isTrue();
        assertThat(login(VENDOR, key.assertion(loginChallenge())).accepted()).isTrue();
        assertThat(login(VENDOR, answer).accepted()).isFalse();
    }

    @Test
    void anotherUsersPasskeyOrAnUnknownOneIsRefusedAfterTheSameVerification() {
        SoftwareAuthenticator mine = registered(VENDOR, true);
        SoftwareAuthenticator theirs = registered(OTHER, true);
        assertThat(login(VENDOR, theirs.assertion(loginChallenge())).why()).contains("not a passkey of this user");
        assertThat(login(VENDOR, new SoftwareAuthenticator(ORIGIN, RP).assertion(loginChallenge())).why())
                .contains("not a passkey of this user");
        assertThat(passkeys.check("nobody", Optional.empty(), mine.assertion(loginChallenge()).toString(), true).why())
                .contains("not a passkey of this user");
    }

    @Test
    void aPasskeyMadeForAnotherUserIsRefusedEvenWhenItsKeyWereCopiedToThisUser() {
        SoftwareAuthenticator theirs = registered(OTHER, true);
        PasskeyRecord copied = stored(OTHER, theirs);
        store.put(UserState.id(VENDOR.id()), UserState.empty(VENDOR.id()).withPasskeys(List.of(copied),
                clock.instant()), null);
        assertThat(login(VENDOR, theirs.assertion(loginChallenge())).why())
                .isEqualTo("passkey the passkey was made for another user");
    }

    @Test
    void anAssertionThatIsNotCommittedLeavesTheCounter() {
        SoftwareAuthenticator key = registered(VENDOR, true);
        var checked = passkeys.check(VENDOR.id(), state(VENDOR), key.assertion(loginChallenge()).toString(), false);
        assertThat(checked.accepted()).isTrue();
        assertThat(stored(VENDOR, key).signCount()).isZero();
    }

    @Test
    void garbageIsRefusedNotThrown() {
        assertThat(passkeys.check(VENDOR.id(), Optional.empty(), "{}", true).accepted()).isFalse();
        assertThat(passkeys.check(VENDOR.id(), Optional.empty(), "{\"id\":\"x\",\"response\":{}}", true).accepted())
                .isFalse();
        assertThatThrownBy(() -> passkeys.register(VENDOR, "x", "{\"id\":1}", false))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void theLastSecondFactorCannotBeRemovedButAnotherPasskeyOrOneBesidesTotpCan() {
        SoftwareAuthenticator first = registered(VENDOR, true);
        assertThatThrownBy(() -> passkeys.remove(VENDOR, first.id())).isInstanceOf(ClientErrorException.class)
                .hasMessageContaining("only second factor");
        SoftwareAuthenticator second = registered(VENDOR, false);
        passkeys.remove(VENDOR, first.id());
        assertThat(passkeys.list(VENDOR.id())).extracting(Passkeys.View::id).containsExactly(second.id());
        assertThatThrownBy(() -> passkeys.remove(OTHER, second.id())).as("someone else's")
                .isInstanceOf(NotFoundException.class);

        SoftwareAuthenticator admins = registered(PROVISIONED, false);
        passkeys.remove(PROVISIONED, admins.id()); // TOTP of the users file stays
        assertThat(passkeys.list(PROVISIONED.id())).isEmpty();
    }
}
