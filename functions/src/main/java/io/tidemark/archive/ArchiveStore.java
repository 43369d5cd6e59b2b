package io.tidemark.archive;

/**
 * Where the archiver puts its objects: an S3 bucket in AWS and on the emulators, a directory for a
 * local run. A put of a key that exists replaces it with the same bytes (a retried batch).
 */
public interface ArchiveStore {

    /**
     * @param key  the object's key under the store's root, e.g. {@code events/event_date=2026-11-23/…jsonl.gz}
     * @param body the object's bytes
     */
    void put(String key, byte[] body);

    /** Where the objects go, for messages: {@code s3://bucket/prefix/} or a directory. */
    String location();
}
