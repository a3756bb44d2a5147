package dev.loom.http.auth;

import dev.loom.config.TokenConfig;
import dev.loom.http.ApiException;
import dev.loom.http.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks bearer tokens against the configured ones. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual} against every configured token, so timing reveals neither a token's content
 * nor its length, nor which configured token matched. No token value is ever logged or put in a message.
 */
public final class TokenAuthenticator {
    private static final String BEARER = "bearer ";
    private static final MessageDigest SHA_256 = prototype();
    private final List<TokenSecret> secrets;
    private final List<TokenConfig> tokens;

    public TokenAuthenticator(List<TokenConfig> tokens) {
        this.tokens = List.copyOf(tokens);
        List<TokenSecret> s = new ArrayList<>();
        tokens.forEach(t -> s.add(new TokenSecret(t.secret())));
        this.secrets = List.copyOf(s);
    }

    /** Whether any token is configured. */
    public boolean hasTokens() {
        return !tokens.isEmpty();
    }

    /**
     * The caller of an {@code Authorization} header value.
     *
     * @throws ApiException 401 when the header is missing, not a bearer token, or matches no token
     */
    public Caller authenticate(Optional<String> authorization) {
        String header = authorization.orElseThrow(() -> BearerChallenge.missing(
                "missing Authorization header; send 'Authorization: Bearer <token>'"));
        if (header.length() < BEARER.length() || !header.substring(0, BEARER.length()).equalsIgnoreCase(BEARER)) {
            throw BearerChallenge.missing("the Authorization header must be 'Bearer <token>'");
        }
        byte[] presented = sha256(header.substring(BEARER.length()).trim());
        int match = -1;
        for (int i = 0; i < secrets.size(); i++) {
            Optional<byte[]> digest = secrets.get(i).digest();
            if (digest.isPresent() && MessageDigest.isEqual(digest.get(), presented) && match < 0) {
                match = i;
            }
        }
        if (match < 0) {
            throw BearerChallenge.invalidToken("the bearer token is not valid");
        }
        TokenConfig t = tokens.get(match);
        return new Caller("token-" + match, t.role(), t.scope());
    }

    static byte[] sha256(String value) {
        try {
            // A clone of a prototype skips the provider look-up of MessageDigest.getInstance, which cost more than
            // the digest itself on every authenticated request.
            return ((MessageDigest) SHA_256.clone()).digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JVM's SHA-256 cannot be cloned", e);
        }
    }

    private static MessageDigest prototype() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.clone();
            return digest;
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            throw new IllegalStateException("the JVM has no cloneable SHA-256", e);
        }
    }
}
