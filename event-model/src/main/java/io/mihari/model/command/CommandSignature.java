package io.mihari.model.command;

/**
 * How a command travels on {@code mihari.commands.v1}: a JWS in compact serialization (RFC 7515) whose payload is the
 * command's JSON ({@link CommandCodec}), signed by dashboard-api with its private key (ECDSA P-256, {@value #ALGORITHM})
 * and verified by alert-service against the public keys it trusts, chosen by the {@code kid} header. Only
 * dashboard-api speaks for people: a command that is not signed, is signed with another key or was altered after
 * signing (its actor, say) is dead-lettered with the reason and never applied (docs/security.md).
 */
public final class CommandSignature {

    /** The only algorithm accepted: ECDSA using P-256 and SHA-256. */
    public static final String ALGORITHM = "ES256";
    /** The JWS {@code typ} header of a command. */
    public static final String TYPE = "mihari-command+jws";

    private CommandSignature() {
    }
}
