package io.mihari.testsupport;

import java.util.List;
import java.util.Map;

/**
 * A mail as the SMTP server received it. Plain JDK types only, so tests in any class loader can use it.
 *
 * @param subject decoded subject
 * @param to recipients
 * @param text the text/plain part
 * @param html the text/html part, or empty
 * @param headers selected headers (Message-ID, In-Reply-To, References, Content-Language)
 */
public record ReceivedMail(String subject, List<String> to, String text, String html, Map<String, String> headers) {
}
