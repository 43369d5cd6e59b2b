package io.tidemark.cli;

import picocli.CommandLine;

/** {@code --version}: the jar's implementation version. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Tidemark.class.getPackage().getImplementationVersion();
        return new String[] {"tidemark " + (v == null ? "development build" : v)};
    }
}
