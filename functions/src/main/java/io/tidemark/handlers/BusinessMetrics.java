package io.tidemark.handlers;

import io.tidemark.dynamodb.StepExecutor;

/**
 * The business metrics of docs/deploy.md §5 (names in {@code PipelineMetrics}). In Lambda they go
 * out as CloudWatch EMF log lines ({@link EmfBusinessMetrics}); the local runner and tests
 * can count them ({@link CountingBusinessMetrics}) or drop them ({@link #NONE}).
 */
public interface BusinessMetrics {

    /** After a committed step of the Kinesis handler or the sweeper. */
    void stepCompleted(StepExecutor.Outcome outcome);

    /** After the alert publisher relayed {@code count} alerts. */
    void alertsPublished(int count);

    /** After a reshard's hand-over: its parents ended and its children started from their states. */
    default void shardsHandedOver(StepExecutor.HandedOver handOver) {
    }

    BusinessMetrics NONE = new BusinessMetrics() {
        @Override
        public void stepCompleted(StepExecutor.Outcome outcome) {
        }

        @Override
        public void alertsPublished(int count) {
        }
    };
}
