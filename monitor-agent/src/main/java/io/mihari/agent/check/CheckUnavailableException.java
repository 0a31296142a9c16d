package io.mihari.agent.check;

/**
 * The agent itself cannot perform a check here (e.g. this server allows no ICMP socket and has no {@code ping}
 * command): not a failure of the target. {@link CheckLoop} sends no result for that run (the target must never look
 * down because of the agent) and logs why; {@code mihari-agent check} shows the check as UNKNOWN with the reason.
 */
public class CheckUnavailableException extends RuntimeException {

    public CheckUnavailableException(String message) {
        super(message);
    }
}
