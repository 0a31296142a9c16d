package io.mihari.dashboard.auth;

/**
 * Someone who may log in to the dashboard.
 *
 * @param id the login
 * @param name shown in the dashboard, mails and the timeline
 * @param role {@code admin}, {@code operator} (one city) or {@code vendor} (the services it operates)
 * @param organisation the city's tenant id (operators) or the vendor's id (vendors); none for admins
 * @param passwordHash bcrypt, in modular crypt format ({@code $2a$…})
 * @param totpSecret Base32 secret of the second factor (RFC 6238); required for admins
 */
public record User(String id, String name, String role, String organisation, String passwordHash, String totpSecret) {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String VENDOR = "vendor";
}
