package io.tidemark.cli.commands;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.archive.ArchiveSources;
import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.history.AsOfOutput;
import io.tidemark.core.history.UserHistory;
import io.tidemark.local.archive.ArchiveLocation;
import io.tidemark.local.archive.ArchiveReader;
import io.tidemark.local.replay.PointInTime;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintStream;
import java.time.Instant;

/** {@code tidemark query cart|sessions --user U --as-of T}: a user's state rebuilt from the archive. */
final class PointInTimeQuery {

    private final ToolClients clients;
    private final String stack;
    private final String archive;

    PointInTimeQuery(ToolClients clients, String stack, String archive) {
        this.clients = clients;
        this.stack = stack;
        this.archive = archive;
    }

    /** @param cart the cart (else the sessions); {@code asOf} null: now */
    int print(boolean cart, String user, Instant asOf, boolean json, PrintStream out) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException((cart ? "cart" : "--as-of") + " needs --user USER_ID: the state is rebuilt for one user");
        }
        Instant at = asOf != null ? asOf : Instant.now();
        ArchiveLocation location = ArchiveSources.archive(archive, "--archive", new StackLookup(clients, stack));
        UserHistory history;
        try (S3Client s3 = location instanceof ArchiveLocation.S3Prefix ? clients.s3() : null) {
            history = new PointInTime(s3).load(location, user, at, ArchiveReader.Progress.NONE);
        }
        if (cart) {
            var state = history.cartAsOf(at);
            if (json) {
                out.println(AsOfOutput.cartJson(state));
            } else {
                AsOfOutput.printCart(state, out);
            }
        } else {
            var state = history.sessionsAsOf(at);
            if (json) {
                out.println(AsOfOutput.sessionsJson(state));
            } else {
                AsOfOutput.printSessions(state, out);
            }
        }
        return 0;
    }
}
