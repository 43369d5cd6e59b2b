#!/bin/sh
# Runs the compiled CDK app for the CDK CLI ("app" in cdk.json). The Maven build writes
# target/classes and target/classpath.txt (the module's runtime classpath).
cd "$(dirname "$0")" || exit 1
if [ ! -f target/classpath.txt ] || [ ! -f target/classes/io/tidemark/infra/TidemarkApp.class ]; then
  echo "tidemark-infra: the CDK app is not built: run ./mvnw -q -pl infra-cdk -am package -DskipTests in the repository root first" >&2
  exit 1
fi
exec java -cp "target/classes:$(cat target/classpath.txt)" io.tidemark.infra.TidemarkApp
