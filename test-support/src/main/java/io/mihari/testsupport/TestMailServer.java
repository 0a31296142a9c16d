package io.mihari.testsupport;

import java.util.List;

/**
 * The SMTP server of a test JVM, wherever it runs: GreenMail in the JVM ({@link MailServer}) or in a
 * container ({@link GreenMailContainer}), as {@link InfraChoice} decided. It accepts mail for any
 * address and shows what it received the same way in both cases.
 */
public interface TestMailServer extends AutoCloseable {

    String host();

    int smtpPort();

    /** Every mail received so far (also before a restart), one per recipient mailbox, oldest first per mailbox. */
    List<ReceivedMail> messages();

    /** An SMTP outage: connections to the port are refused until {@link #startAgain()}. */
    void stop();

    /** The server is back on the same port (mail received before the outage is still listed). */
    void startAgain();

    /** Forgets every mail received so far. */
    void purge();

    @Override
    void close();
}
