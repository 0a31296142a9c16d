package io.mihari.alert.mail;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a send that could not connect says the SMTP server was down (its held-back mail then goes as soon as it answers
 * again); a refusal by a server that answered keeps its backoff.
 */
class OutboxConnectionFailedTest {

    @Test
    void aConnectionRefusedAnywhereInTheCausesIsAServerDown() {
        assertThat(Outbox.connectionFailed(new IllegalStateException("send failed",
                new RuntimeException(new ConnectException("Connection refused"))))).isTrue();
        assertThat(Outbox.connectionFailed(new ConnectException("Connection refused"))).isTrue();
    }

    @Test
    void aRefusalOfTheMailIsNot() {
        assertThat(Outbox.connectionFailed(new IllegalStateException("550 5.1.1 mailbox unavailable"))).isFalse();
        assertThat(Outbox.connectionFailed(new RuntimeException("421 try again later",
                new java.io.IOException("greylisted")))).isFalse();
    }
}
