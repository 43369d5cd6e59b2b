package io.tidemark.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link ShardProcessorBenchmark} on a JVM whose heap is backed by transparent huge pages (2 MiB)
 * and touched before the run. The core's state (about 600 000 remembered event ids, 50 000 users)
 * is spread over a few hundred MiB, so with 4 KiB pages most cache misses are TLB misses too,
 * which on a virtual machine cost a walk of two page tables. Where the kernel does not offer
 * transparent huge pages the JVM warns and runs as {@link ShardProcessorBenchmark} does.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch"})
public class ShardProcessorHugePagesBenchmark extends ShardProcessorBenchmark {
}
