#!/usr/bin/env bash
# The benchmark: builds the JAR, starts Keycloak 26.5.6 (dist, as the tests do) with it, seeds a realm, drives load over
# loopback from a separate JVM and writes bench/results/<date>.md. Not part of `mvn verify`.
#   bench/run.sh                                   full run (1k, 10k, 100k tokens; about an hour on 2 cores)
#   bench/run.sh --sizes=1000,10000 --measure=5    shorter
#   bench/run.sh --credential --no-jmh             only the token as a credential: the secret as bearer of the API
#                                                  against its JWT, secret introspection against JWT introspection
#                                                  (events off and on); writes bench/results/<date>-credential.md
#   bench/run.sh --scale --no-jmh                  scale with Keycloak's default caches: cache entries per token, delete
#                                                  all of 10,000 tokens, exchange at 100,000 tokens with a 10% working set
#                                                  against the single token (interleaved rounds), and the heap under a
#                                                  spray of 1,000,000 failing addresses; writes bench/results/<date>-scale.md
#                                                  (--scale-tokens=, --scale-rounds=, --bulk=, --spray= for other sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
exec mvn -B -q -Pbench -DskipTests test-compile exec:exec -Dbench.args="$*"
