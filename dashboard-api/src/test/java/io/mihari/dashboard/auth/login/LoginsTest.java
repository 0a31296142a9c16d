package io.mihari.dashboard.auth.login;

import io.mihari.testsupport.MutableClock;
import io.mihari.dashboard.auth.InMemoryAuthStore;
import io.mihari.dashboard.auth.Totp;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.Users;
import io.mihari.dashboard.auth.passkey.Passkeys;
import io.mihari.dashboard.auth.passkey.SoftwareAuthenticator;
import io.mihari.dashboard.auth.passkey.TestPasskeys;
import io.mihari.dashboard.auth.state.AuthStoreUnavailableException;
import io.mihari.dashboard.auth.state.UserState;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The login decision with an in-memory login state and a clock the test moves (finding 4 and 6 of issue 12). */
class LoginsTest {

    static final String HASH = "$2a$10$6LBe0zYZ5pbPfvx4n5NU8uSnq0SzHIxV9c5CEAa4aW/qeVjiT6jly"; // test-password
    static final String ADMIN_SECRET = "W2MM2KYF4IXTERTEC3NZK2PKCUWW7F5Y";
    static final String VENDOR_SECRET = "DPXZKC4DBOMOUGLUFO3NDCU5XLQIRL6Q";
    static final Catalog CATALOG = CatalogLoader.load(Path.of("src/test/resources/test-catalog.yaml"));
    static final ThrottlePolicy ACCOUNT = new ThrottlePolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1), 10,
            Duration.ofMinutes(15), Duration.ofHours(1));
    static final ThrottlePolicy ADDRESS = new ThrottlePolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(30), 30,
            Duration.ofMinutes(15), Duration.ofHours(1));

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:10Z"));
    final InMemoryAuthStore store = new InMemoryAuthStore();
    final List<String> verifiedHashes = new ArrayList<>();
    Logins logins;
    Passkeys passkeys;

    @BeforeEach
    void setUp() {
        Users users = new Users(List.of(
                new User("admin", "Admin", User.ADMIN, null, HASH, ADMIN_SECRET),
                new User("fujitsu-ops", "Fujitsu", User.VENDOR, "fujitsu-japan", HASH, VENDOR_SECRET),
                new User("new-vendor", "New", User.VENDOR, "ines", HASH, null),
                new User("kurashiki-dx", "Kurashiki", User.OPERATOR, "kurashiki", HASH, null),
                new User("takamatsu-op", "Takamatsu", User.OPERATOR, "takamatsu", HASH, null)), CATALOG);
        Logins.PasswordCheck recording = (hash, password) -> {
            verifiedHashes.add(hash);
            return Users.passwordMatches(hash, password);
        };
        SecondFactor factor = new SecondFactor(store, () -> CATALOG, clock);
        passkeys = TestPasskeys.of(store, factor, clock);
        logins = new Logins(users, new LoginThrottle(store, ACCOUNT, ADDRESS, clock), factor, passkeys, recording,
                true, clock);
    }

    Logins.Outcome login(String user, String password, String code) {
        return logins.login(user, password, code, "192.0.2.1");
    }

    String code(String secret) {
        return Totp.code(secret, clock.instant());
    }

    @Test
    void anUnknownUserCostsOneBcryptVerificationOfADummyHashAndAStateRead() {
        int readsBefore = store.reads;
        assertThat(login("nobody", "test-password", "")).isInstanceOf(Logins.Refused.class);
        int unknownReads = store.reads - readsBefore;
        assertThat(verifiedHashes).containsExactly(logins.dummyHash);
        assertThat(logins.dummyHash).startsWith("$2a$10$").isNotEqualTo(HASH);

        verifiedHashes.clear();
        readsBefore = store.reads;
        assertThat(login("fujitsu-ops", "wrong", "")).isInstanceOf(Logins.Refused.class);
        assertThat(verifiedHashes).containsExactly(HASH);
        assertThat(store.reads - readsBefore).as("the same reads of the login state").isEqualTo(unknownReads);
    }

    @Test
    void fiftyWrongPasswordsInFiveSecondsGetFourAnswersThenOnlyWaits() {
        List<Class<?>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(login("kurashiki-dx", "guess-" + i, "").getClass());
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(answers.subList(0, 4)).containsOnly(Logins.Refused.class);
        assertThat(answers.stream().filter(Logins.Throttled.class::equals).count()).isGreaterThanOrEqualTo(43);
        assertThat(verifiedHashes).as("bcrypt ran only for the attempts that were let through").hasSizeLessThan(8);
    }

    @Test
    void theTenthFailureLocksTheAccountEvenAgainstTheRightPasswordUntilTheLockoutEnds() {
        for (int i = 0; i < 10; i++) {
            assertThat(login("kurashiki-dx", "guess", "")).isInstanceOf(Logins.Refused.class);
            clock.advance(Duration.ofMinutes(2)); // past every delay
        }
        // the 10th failure came 2 minutes ago: locked for 15
        Logins.Outcome locked = login("kurashiki-dx", "test-password", "");
        assertThat(locked).isInstanceOf(Logins.Throttled.class);
        assertThat(((Logins.Throttled) locked).until()).isEqualTo(clock.instant().plus(Duration.ofMinutes(13)));
        clock.advance(Duration.ofMinutes(13));
        assertThat(login("kurashiki-dx", "test-password", "")).isInstanceOf(Logins.Granted.class);
        assertThat(login("kurashiki-dx", "guess", "")).as("a success cleared the count").isInstanceOf(Logins.Refused.class);
        clock.advance(Duration.ofSeconds(1)); // the address (11 failures now) asks a second
        assertThat(login("kurashiki-dx", "test-password", "")).isInstanceOf(Logins.Granted.class);
    }

    @Test
    void anUnknownAccountNameIsThrottledExactlyLikeAKnownOne() {
        for (int i = 0; i < 4; i++) {
            login("nobody", "guess", "");
            login("kurashiki-dx", "guess", "");
        }
        assertThat(login("nobody", "guess", "")).isInstanceOf(Logins.Throttled.class);
        assertThat(login("kurashiki-dx", "guess", "")).isInstanceOf(Logins.Throttled.class);
    }

    @Test
    void oneAddressGuessingManyAccountsIsSlowedDown() {
        for (int i = 0; i < 11; i++) {
            assertThat(login("account-" + i, "guess", "")).isInstanceOf(Logins.Refused.class);
        }
        assertThat(login("account-99", "guess", "")).isInstanceOf(Logins.Throttled.class);
        assertThat(logins.login("account-99", "guess", "", "192.0.2.2")).isInstanceOf(Logins.Refused.class);
    }

    @Test
    void anAdminsRightPasswordWithoutACodeIsRefusedLikeAWrongPassword() {
        assertThat(login("admin", "test-password", "")).isInstanceOf(Logins.Refused.class);
        assertThat(login("admin", "test-password", "123456")).isInstanceOf(Logins.Refused.class);
        assertThat(login("admin", "test-password", code(ADMIN_SECRET))).isInstanceOf(Logins.Granted.class);
    }

    @Test
    void aOneTimeCodeIsAcceptedOnce() {
        String code = code(VENDOR_SECRET);
        assertThat(login("fujitsu-ops", "test-password", code)).isInstanceOf(Logins.Granted.class);
        assertThat(login("fujitsu-ops", "test-password", code)).isInstanceOf(Logins.Refused.class);
        clock.advance(Duration.ofSeconds(30));
        assertThat(login("fujitsu-ops", "test-password", code)).as("nor in the next step")
                .isInstanceOf(Logins.Refused.class);
        assertThat(login("fujitsu-ops", "test-password", code(VENDOR_SECRET))).isInstanceOf(Logins.Granted.class);
    }

    @Test
    void thePreviousStepsCodeIsAcceptedOnlyWhenNoLaterCodeWasUsed() {
        String previous = code(VENDOR_SECRET);
        clock.advance(Duration.ofSeconds(30));
        assertThat(login("fujitsu-ops", "test-password", previous)).as("typed as it changed")
                .isInstanceOf(Logins.Granted.class);
        String current = code(VENDOR_SECRET);
        assertThat(login("fujitsu-ops", "test-password", current)).isInstanceOf(Logins.Granted.class);

        clock.advance(Duration.ofSeconds(30));
        String older = code(VENDOR_SECRET);
        clock.advance(Duration.ofSeconds(30));
        assertThat(login("fujitsu-ops", "test-password", code(VENDOR_SECRET))).isInstanceOf(Logins.Granted.class);
        assertThat(login("fujitsu-ops", "test-password", older)).as("older than the last one used")
                .isInstanceOf(Logins.Refused.class);
        clock.advance(Duration.ofSeconds(60));
        assertThat(login("fujitsu-ops", "test-password", code(VENDOR_SECRET).equals(previous) ? "x" : previous))
                .as("two steps old").isInstanceOf(Logins.Refused.class);
    }

    @Test
    void everyVendorNeedsASecondFactorAndOneWithoutItMayOnlyEnrol() {
        assertThat(login("fujitsu-ops", "test-password", "")).isInstanceOf(Logins.Refused.class);
        assertThat(login("new-vendor", "test-password", "")).isInstanceOf(Logins.MustEnrol.class);
        assertThat(login("new-vendor", "wrong", "")).isInstanceOf(Logins.Refused.class);
    }

    @Test
    void aCitysOperatorsNeedASecondFactorOnlyWhenTheCityAsks() {
        assertThat(login("kurashiki-dx", "test-password", "")).isInstanceOf(Logins.Granted.class);
        assertThat(login("takamatsu-op", "test-password", "")).isInstanceOf(Logins.MustEnrol.class);
    }

    @Test
    void anEnrolledFactorAndItsRecoveryCodesWorkAndEachRecoveryCodeOnce() {
        String secret = "GQOZKPTJ3XKVYAHPXWAHEWBTY6UZFPDK";
        List<String> codes = List.of("ABCD-EFGH-IJKL-MNOP", "QRST-UVWX-YZ23-4567");
        store.put(UserState.id("new-vendor"), UserState.empty("new-vendor").withPending(secret, clock.instant())
                .enrolled(codes.stream().map(RecoveryCodes::hash).toList(), 0, clock.instant()), null);
        assertThat(login("new-vendor", "test-password", code(secret))).isInstanceOf(Logins.Granted.class);
        Logins.Outcome withRecovery = login("new-vendor", "test-password", "abcd efgh ijkl mnop");
        assertThat(withRecovery).isEqualTo(new Logins.Granted(((Logins.Granted) withRecovery).user(), 1));
        assertThat(login("new-vendor", "test-password", "ABCD-EFGH-IJKL-MNOP")).isInstanceOf(Logins.Refused.class);
    }

    /** A new authenticator, registered as {@code userId}'s first second factor; its recovery codes are kept. */
    SoftwareAuthenticator enrolPasskey(String userId, List<String> recoveryCodes) {
        User user = new User(userId, userId, User.VENDOR, "ines", HASH, null);
        SoftwareAuthenticator key = new SoftwareAuthenticator(TestPasskeys.ORIGIN, TestPasskeys.RP_ID);
        var options = SoftwareAuthenticator.JSON.valueToTree(passkeys.creationOptions(user, true));
        recoveryCodes.addAll(passkeys.register(user, "laptop", key.register(
                (com.fasterxml.jackson.databind.JsonNode) options).toString(), true).recoveryCodes());
        return key;
    }

    Logins.Outcome withPasskey(String user, String password, SoftwareAuthenticator key) {
        return logins.loginWithPasskey(user, password, key.assertion(passkeys.requestOptions().challenge()).toString(),
                "192.0.2.1");
    }

    @Test
    void aUserWhoseOnlyFactorIsAPasskeyLogsInWithItAndIsNotSentBackToEnrolment() {
        SoftwareAuthenticator key = enrolPasskey("new-vendor", new ArrayList<>());
        assertThat(login("new-vendor", "test-password", "")).as("the password alone").isInstanceOf(Logins.Refused.class);
        assertThat(login("new-vendor", "test-password", "123456")).isInstanceOf(Logins.Refused.class);
        assertThat(withPasskey("new-vendor", "test-password", key)).isInstanceOf(Logins.Granted.class);
    }

    @Test
    void aWrongPasswordWithAValidPasskeyIsTheOneRefusalAndItsAnswerIsSpent() {
        SoftwareAuthenticator key = enrolPasskey("new-vendor", new ArrayList<>());
        String answer = key.assertion(passkeys.requestOptions().challenge()).toString();
        verifiedHashes.clear();
        assertThat(logins.loginWithPasskey("new-vendor", "wrong", answer, "192.0.2.1")).isEqualTo(new Logins.Refused());
        assertThat(verifiedHashes).containsExactly(HASH);
        assertThat(passkeys.list("new-vendor").get(0).lastUsedAt()).as("nothing stored").isNull();
        assertThat(logins.loginWithPasskey("new-vendor", "test-password", answer, "192.0.2.1"))
                .as("the same answer with the right password").isEqualTo(new Logins.Refused());
    }

    @Test
    void anUnknownUserWithAPasskeyCostsTheSameBcryptAndReadsAsAWrongPassword() {
        SoftwareAuthenticator key = enrolPasskey("new-vendor", new ArrayList<>());
        verifiedHashes.clear();
        int before = store.reads;
        assertThat(withPasskey("nobody", "test-password", key)).isInstanceOf(Logins.Refused.class);
        int unknown = store.reads - before;
        assertThat(verifiedHashes).containsExactly(logins.dummyHash);
        before = store.reads;
        assertThat(withPasskey("new-vendor", "wrong", key)).isInstanceOf(Logins.Refused.class);
        assertThat(store.reads - before).isEqualTo(unknown);
    }

    @Test
    void aPasskeyLoginNeverLeadsToEnrolmentNorPassesWithoutAPasskey() {
        SoftwareAuthenticator stranger = new SoftwareAuthenticator(TestPasskeys.ORIGIN, TestPasskeys.RP_ID);
        assertThat(withPasskey("new-vendor", "test-password", stranger)).isInstanceOf(Logins.Refused.class);
        assertThat(withPasskey("kurashiki-dx", "test-password", stranger)).as("even where the password would do")
                .isInstanceOf(Logins.Refused.class);
    }

    @Test
    void passkeyAttemptsAreCountedAndThrottledLikeCodes() {
        SoftwareAuthenticator stranger = new SoftwareAuthenticator(TestPasskeys.ORIGIN, TestPasskeys.RP_ID);
        SoftwareAuthenticator key = enrolPasskey("new-vendor", new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            assertThat(withPasskey("new-vendor", "test-password", stranger)).isInstanceOf(Logins.Refused.class);
        }
        assertThat(withPasskey("new-vendor", "test-password", key)).as("the fifth attempt waits, right or not")
                .isInstanceOf(Logins.Throttled.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(withPasskey("new-vendor", "test-password", key)).isInstanceOf(Logins.Granted.class);
    }

    @Test
    void aRecoveryCodeStandsInForALostPasskey() {
        List<String> codes = new ArrayList<>();
        enrolPasskey("new-vendor", codes);
        Logins.Outcome outcome = login("new-vendor", "test-password", codes.get(0));
        assertThat(outcome).isEqualTo(new Logins.Granted(((Logins.Granted) outcome).user(), 9));
    }

    @Test
    void withoutTheLoginStateALoginFailsClosed() {
        store.down = true;
        assertThatThrownBy(() -> login("kurashiki-dx", "test-password", ""))
                .isInstanceOf(AuthStoreUnavailableException.class);
    }
}
