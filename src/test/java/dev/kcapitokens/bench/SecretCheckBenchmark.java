package dev.kcapitokens.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.kcapitokens.model.TokenSecrets;

/**
 * The per-request cost of checking a presented secret, piece by piece: format and checksum, keyed hash, constant-time
 * comparison, and all of it together (what the authenticator does before any database or cache lookup result is used).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SecretCheckBenchmark {

    private static final String REALM_ID = "5f0d7c1e-2a4b-4c3d-9e8f-0a1b2c3d4e5f";

    private byte[] key;
    private String secret;
    private String storedHash;
    private String computedHash;

    @Setup
    public void setUp() {
        key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        secret = TokenSecrets.generate(new SecureRandom());
        storedHash = TokenSecrets.hash(key, REALM_ID, secret);
        computedHash = TokenSecrets.hash(key, REALM_ID, secret);
    }

    @Benchmark
    public boolean formatAndChecksum() {
        return TokenSecrets.isWellFormed(secret);
    }

    @Benchmark
    public String keyedHash() {
        return TokenSecrets.hash(key, REALM_ID, secret);
    }

    @Benchmark
    public boolean constantTimeCompare() {
        return TokenSecrets.hashEquals(storedHash, computedHash);
    }

    @Benchmark
    public boolean fullCheck() {
        return TokenSecrets.isWellFormed(secret) && TokenSecrets.hashEquals(storedHash, TokenSecrets.hash(key, REALM_ID, secret));
    }
}
